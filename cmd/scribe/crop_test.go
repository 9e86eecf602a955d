package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

	"github.com/scribe-transcription/scribe/workflow/geometry"
)

// cropProject is reviewProject with a scan of page bk/001, a 400×300
// PNG whose pixel at x, y is grey x%256, and the geometry of its five
// OCR lines.
func cropProject(t *testing.T) string {
	t.Helper()
	dir := reviewProject(t)
	img := image.NewGray(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			img.SetGray(x, y, color.Gray{Y: uint8(x)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "scans"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scans", "bk-001.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	setScan(t, dir, "scans/bk-001.png")
	g := &geometry.Page{Image: "bk-001.png", Width: 400, Height: 300}
	for n := 1; n <= 5; n++ {
		g.Lines = append(g.Lines, geometry.Line{N: n, Box: image.Rect(20, 50*n, 380, 50*n+30), Conf: -1})
	}
	if err := os.WriteFile(filepath.Join(dir, "transcriptions", "bk", "001", "ocr-lines.tsv"), g.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCropWritesTheRow(t *testing.T) {
	dir := cropProject(t)
	work := t.TempDir()
	t.Chdir(work)
	out, code := mainIn(dir, "crop", "bk/001", "--row", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, out)
	}
	if out != "wrote bk-001-row2.png: line 2 of scans/bk-001.png, region 10,90–390,140\n" {
		t.Errorf("output %q", out)
	}
	src, err := os.ReadFile(filepath.Join(work, "bk-001-row2.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 380 || b.Dy() != 50 {
		t.Errorf("the crop is %v", b)
	}
	// The crop begins at x = 10 of the scan.
	if g := color.GrayModel.Convert(img.At(img.Bounds().Min.X, img.Bounds().Min.Y)).(color.Gray); g.Y != 10 {
		t.Errorf("the crop's first pixel is %d, want 10", g.Y)
	}

	// -o names the file; the same row gives the same bytes.
	target := filepath.Join(work, "row.png")
	if out, code := mainIn(dir, "crop", "bk/001", "--row", "2", "-o", target); code != exitOK || !strings.HasPrefix(out, "wrote "+target+": ") {
		t.Fatalf("exit %d: %s", code, out)
	}
	again, _ := os.ReadFile(target)
	if !bytes.Equal(src, again) {
		t.Error("two crops of a row differ")
	}
	if fs, _ := filepath.Glob(filepath.Join(work, ".scribe-crop-*")); len(fs) != 0 {
		t.Errorf("temporary files left: %v", fs)
	}

	// Nothing is written for bad input.
	if out, code := mainIn(dir, "crop", "bk/001", "--row", "2", "-o", filepath.Join(dir, "transcriptions", "bk", "x.png")); code != exitUsage || !strings.Contains(out, "under transcriptions/") {
		t.Errorf("exit %d: %s", code, out)
	}
	if out, code := mainIn(dir, "crop", "bk/001", "--row", "2", "-o", work); code != exitUsage || !strings.Contains(out, "is a folder") {
		t.Errorf("exit %d: %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "transcriptions", "bk", "x.png")); err == nil {
		t.Error("crop wrote under transcriptions/")
	}
}

// TestReviewNamesTheRegion: review shows where the row lies on the scan
// and the command that cuts it out, within 80 columns.
func TestReviewNamesTheRegion(t *testing.T) {
	dir := cropProject(t)
	code, out, errOut := reviewOn(t, dir, "s\ns\ns\ns\n")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "   scan       line 1 at 20,50–380,80 · scribe crop bk/001 --row 1\n"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	for _, l := range strings.Split(out, "\n") {
		if w := uniseg.StringWidth(l); w > 80 {
			t.Errorf("a line of %d columns: %q", w, l)
		}
	}
}
