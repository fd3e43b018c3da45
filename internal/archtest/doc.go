// Package archtest holds no code: its tests check that the packages of the
// module import each other only as the import table says, so that the
// layering of the module is written down in one place and kept, and that
// no package opens a file by its path with package os but at the few
// places listed with their reasons (doors), so that every file of a
// collection goes through its confined root.
package archtest
