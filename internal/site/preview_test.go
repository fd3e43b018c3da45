package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/visual-guides/guides/internal/golden"
)

// TestPreviewImage checks that the theme's assets/preview.png is what
// previewImage draws; -update writes it.
func TestPreviewImage(t *testing.T) {
	const name = "theme/assets/preview.png"
	got := previewImage()
	golden.CheckFile(t, name, got)
	img, err := png.Decode(bytes.NewReader(got))
	if err != nil || img.Bounds() != image.Rect(0, 0, 1200, 630) {
		t.Errorf("preview: %v, %v", err, img.Bounds())
	}
}

// previewImage draws the picture that link previews show for pages without
// an image of their own: 1200 by 630 pixels, a field of squares in the
// theme's blue, fading towards the lower right. The theme holds it as
// assets/preview.png, drawn once by this test rather than at every build.
func previewImage() []byte {
	const w, h, cell = 1200, 630, 45
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{0x0f, 0x11, 0x17, 0xff}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, bg)
		}
	}
	for cy := 0; cy*cell < h; cy++ {
		for cx := 0; cx*cell < w; cx++ {
			// Squares grow fainter away from the upper left; a few stand
			// out, in a fixed pattern.
			fade := 1 - float64(cx+cy)/float64(w/cell+h/cell)
			a := uint8(40 + 140*fade)
			if (cx*7+cy*3)%11 == 0 {
				a = uint8(120 + 120*fade)
			}
			c := color.RGBA{0x44, 0x93, 0xf8, a}
			for y := cy*cell + 6; y < min(h, (cy+1)*cell-6); y++ {
				for x := cx*cell + 6; x < min(w, (cx+1)*cell-6); x++ {
					img.SetRGBA(x, y, blend(bg, c))
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return buf.Bytes()
}

// blend paints c over the opaque colour bg.
func blend(bg, c color.RGBA) color.RGBA {
	mix := func(b, f uint8) uint8 { return uint8((int(f)*int(c.A) + int(b)*(255-int(c.A))) / 255) }
	return color.RGBA{mix(bg.R, c.R), mix(bg.G, c.G), mix(bg.B, c.B), 0xff}
}
