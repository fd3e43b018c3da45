package site

import (
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// lazy holds what the package makes on first use rather than when the
// program starts: every command of guides runs the package's
// initialisers, and only builds and serve need these. A sync.Once, unlike
// sync.OnceValue, needs no initialiser of its own, so that the package has
// none at all.
var lazy lazyValues

type lazyValues struct {
	once      sync.Once
	pathKey   parser.ContextKey
	kindFrame ast.NodeKind
}

// made returns the values of lazy, made on the first call.
func made() *lazyValues {
	lazy.once.Do(func() {
		lazy.pathKey = parser.NewContextKey()
		lazy.kindFrame = ast.NewNodeKind("Frame")
	})
	return &lazy
}
