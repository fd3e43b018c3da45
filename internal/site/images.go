package site

import (
	"encoding/xml"
	"image"
	_ "image/gif"  // image.DecodeConfig reads the sizes of GIF,
	_ "image/jpeg" // JPEG
	_ "image/png"  // and PNG images
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/visual-guides/guides"
)

// imageDims is the size of an image file, and what it was read from. w
// and h are set before read is closed.
type imageDims struct {
	w, h    int
	size    int64
	modTime time.Time
	read    chan struct{}
}

// imageSize implements resolver: the width and height of an image of the
// repository, which pages write on its <img> so that the browser keeps its
// place before it loads.
func (s *site) imageSize(from, dest string) (int, int) {
	if guides.Scheme(dest) != "" {
		return 0, 0
	}
	p, _ := splitRef(dest)
	for _, candidate := range guides.RepoPaths(from, p) {
		if !guides.Publishable(candidate) {
			continue
		}
		if w, h, ok := s.b.fileImageSize(candidate); ok {
			return w, h
		}
	}
	return 0, 0
}

// fileImageSize reads the size of the image file at p (a path of the
// repository), once for each version of the file: pages rendered at the
// same time that show the same image wait for the first to read it.
func (b *Builder) fileImageSize(p string) (int, int, bool) {
	info, err := fs.Stat(b.fsys, p)
	if err != nil || !info.Mode().IsRegular() {
		return 0, 0, false
	}
	b.mu.Lock()
	d, ok := b.images[p]
	if ok && d.size == info.Size() && d.modTime.Equal(info.ModTime()) {
		b.mu.Unlock()
		<-d.read
		return d.w, d.h, d.w > 0
	}
	d = &imageDims{size: info.Size(), modTime: info.ModTime(), read: make(chan struct{})}
	b.images[p] = d
	b.mu.Unlock()
	d.w, d.h = readImageSize(b.fsys, p)
	close(d.read)
	return d.w, d.h, d.w > 0
}

// readImageSize returns the size of a PNG, JPEG or GIF image from its
// header, or of an SVG image from the width and height, or else the
// viewBox, of its root element; 0, 0 when it has none that can be read.
func readImageSize(fsys fs.FS, p string) (int, int) {
	f, err := fsys.Open(p)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	if strings.EqualFold(path.Ext(p), ".svg") {
		// The root element is near the start; 64 KiB bounds what is read.
		return svgSize(io.LimitReader(f, 64<<10))
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0
	}
	return cfg.Width, cfg.Height
}

// svgSize reads the size of an SVG image from its root element: width and
// height in pixels (or without a unit), else the viewBox's. A size in other
// units, or in percent, is taken from the viewBox.
func svgSize(r io.Reader) (int, int) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0
		}
		var width, height, viewBox string
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				width = a.Value
			case "height":
				height = a.Value
			case "viewBox":
				viewBox = a.Value
			}
		}
		w, okw := svgLength(width)
		h, okh := svgLength(height)
		if okw && okh {
			return w, h
		}
		f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
		if len(f) != 4 {
			return 0, 0
		}
		vw, err1 := strconv.ParseFloat(f[2], 64)
		vh, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil || !(vw >= 1 && vh >= 1 && vw < 1e6 && vh < 1e6) {
			return 0, 0
		}
		vw, vh = math.Round(vw), math.Round(vh)
		switch {
		case okw: // the height follows the width, keeping the viewBox's shape
			return w, max(1, int(math.Round(float64(w)*vh/vw)))
		case okh:
			return max(1, int(math.Round(float64(h)*vw/vh))), h
		}
		return int(vw), int(vh)
	}
}

// svgLength reads a length in pixels: a number, or a number with "px".
func svgLength(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 1 && v < 1e6) {
		return 0, false
	}
	return int(math.Round(v)), true
}

// isSVG says whether an image URL names an SVG file, which link previews
// do not show.
func isSVG(u string) bool {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return strings.EqualFold(path.Ext(u), ".svg")
}
