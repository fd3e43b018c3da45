// Package archtest holds no code: its test checks that the packages of the
// module import each other only as the import table says, so that the
// layering of the module is written down in one place and kept.
package archtest
