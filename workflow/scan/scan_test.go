package scan

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/geometry"
)

// lighthouse is the geometry of the first two lines of testdata/lighthouse.png.
func lighthouse() *geometry.Page {
	return &geometry.Page{Image: "lighthouse.png", Width: 1560, Height: 1003, Lines: []geometry.Line{
		{N: 1, Box: image.Rect(150, 157, 1392, 204), Conf: -1},
		{N: 2, Box: image.Rect(152, 211, 1301, 258), Conf: -1},
		{N: 4, Box: image.Rect(1500, 980, 1560, 1003), Conf: -1},
	}}
}

func TestRegion(t *testing.T) {
	g := lighthouse()
	box, placed := Lines(g, []int{1, 2, 3})
	if box != image.Rect(150, 157, 1392, 258) || len(placed) != 2 {
		t.Fatalf("Lines = %v %v", box, placed)
	}
	pad := Pad(g, placed)
	if pad != 15 {
		t.Errorf("pad = %d, want a third of 47", pad)
	}
	if r := Region(g, box, pad); r != image.Rect(135, 142, 1407, 273) {
		t.Errorf("region = %v", r)
	}
	// Kept inside the image.
	box, placed = Lines(g, []int{4})
	if r := Region(g, box, Pad(g, placed)); r != image.Rect(1493, 973, 1560, 1003) {
		t.Errorf("region at the corner = %v", r)
	}
	if box, placed := Lines(g, []int{3}); !box.Empty() || placed != nil {
		t.Errorf("a line without geometry is placed: %v %v", box, placed)
	}
	if got := Describe([]int{1, 2}, image.Rect(150, 157, 1392, 258)); got != "lines 1–2 at 150,157–1392,258" {
		t.Errorf("Describe = %q", got)
	}
	for in, want := range map[string]string{"4": "line 4", "3 5 6 7": "lines 3, 5–7", "1 3": "lines 1, 3"} {
		var ns []int
		for _, f := range strings.Fields(in) {
			ns = append(ns, int(f[0]-'0'))
		}
		if got := LineList(ns); got != want {
			t.Errorf("LineList(%v) = %q, want %q", ns, got, want)
		}
	}
}

func TestIIIF(t *testing.T) {
	r := image.Rect(135, 142, 1407, 273)
	for scan, want := range map[string]string{
		"https://iiif.example.org/iiif/3/book-001":                                        "https://iiif.example.org/iiif/3/book-001/135,142,1272,131/max/0/default.jpg",
		"https://iiif.example.org/iiif/3/book-001/":                                       "https://iiif.example.org/iiif/3/book-001/135,142,1272,131/max/0/default.jpg",
		"https://iiif.example.org/iiif/3/book-001/info.json":                              "https://iiif.example.org/iiif/3/book-001/135,142,1272,131/max/0/default.jpg",
		"https://iiif.example.org/iiif/3/book-001/full/max/0/default.png":                 "https://iiif.example.org/iiif/3/book-001/135,142,1272,131/max/0/default.png",
		"https://gallica.bnf.fr/iiif/ark:/12148/btv1b525062185/f1/full/full/0/native.jpg": "https://gallica.bnf.fr/iiif/ark:/12148/btv1b525062185/f1/135,142,1272,131/max/0/default.jpg",
	} {
		got, err := IIIF(scan, r)
		if err != nil || got != want {
			t.Errorf("IIIF(%q) = %q, %v; want %q", scan, got, err, want)
		}
	}
	if _, err := IIIF("https://example.org/scans/001.jpg", r); !ErrNotIIIF(err) {
		t.Errorf("an image file's address: %v", err)
	}
	for _, bad := range []string{"ftp://example.org/x", "https://example.org/x?size=2", "https:///x"} {
		if _, err := IIIF(bad, r); err == nil {
			t.Errorf("IIIF(%q) takes the address", bad)
		}
	}
}

func TestCropLighthouse(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "lighthouse.png"))
	if err != nil {
		t.Fatal(err)
	}
	g := lighthouse()
	out, cut, err := Crop(src, g, image.Rect(135, 142, 1407, 273))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1272 || b.Dy() != 131 || cut != image.Rect(135, 142, 1407, 273) {
		t.Errorf("cut %v, image %v", cut, b)
	}
	// The crop holds ink: the text of the lines.
	dark := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if g, _, _, _ := img.At(x, y).RGBA(); g < 0x4000 {
				dark++
			}
		}
	}
	if dark < 1000 {
		t.Errorf("the crop has %d dark pixels: is it the text?", dark)
	}
	again, _, _ := Crop(src, g, image.Rect(135, 142, 1407, 273))
	if !bytes.Equal(out, again) {
		t.Error("two crops differ")
	}
}

// stripes is a w×h image whose pixel at x, y is grey x%256.
func stripes(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{Y: uint8(x)})
		}
	}
	return img
}

func TestCropScalesAndReadsJPEG(t *testing.T) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, stripes(200, 100), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// The OCR read the image at twice the size.
	g := &geometry.Page{Width: 400, Height: 200}
	out, cut, err := Crop(buf.Bytes(), g, image.Rect(20, 40, 101, 81))
	if err != nil {
		t.Fatal(err)
	}
	if cut != image.Rect(10, 20, 51, 41) {
		t.Errorf("scaled region = %v", cut)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil || img.Bounds().Dx() != 41 {
		t.Fatalf("%v %v", img.Bounds(), err)
	}
	// Unknown size: the region as it is, kept inside the image.
	if _, cut, err := Crop(buf.Bytes(), &geometry.Page{}, image.Rect(150, 50, 300, 300)); err != nil || cut != image.Rect(150, 50, 200, 100) {
		t.Errorf("region %v, %v", cut, err)
	}
	if _, _, err := Crop(buf.Bytes(), &geometry.Page{}, image.Rect(300, 300, 400, 400)); err == nil || !strings.Contains(err.Error(), "outside the JPEG image of 200×100 pixels") {
		t.Errorf("a region off the image: %v", err)
	}
}

func TestCropRefusesWhatItCannotRead(t *testing.T) {
	r := image.Rect(0, 0, 10, 10)
	if _, _, err := Crop([]byte("II*\x00rest of a tiff"), &geometry.Page{}, r); err == nil || !strings.Contains(err.Error(), "TIFF") {
		t.Errorf("TIFF: %v", err)
	}
	if _, _, err := Crop([]byte("hello"), &geometry.Page{}, r); err != ErrFormat {
		t.Errorf("text: %v", err)
	}
	var buf bytes.Buffer
	png.Encode(&buf, stripes(20, 20))
	if _, _, err := Crop(buf.Bytes()[:buf.Len()/2], &geometry.Page{}, r); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a cut PNG: %v", err)
	}
}
