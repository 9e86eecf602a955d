package ocrformat

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// seed adds the test files of one format to the corpus.
func seed(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		names, _ := filepath.Glob(filepath.Join("testdata", p))
		for _, n := range names {
			src, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
}

// fuzz checks what holds for any input: no panic, and either an *Error
// or pages whose lines keep the rules of Page.
func fuzz(t *testing.T, src []byte, f Format) {
	_, pages, err := Parse("fuzz.xml", src, f, Options{DPI: 300})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		return
	}
	for _, p := range pages {
		if p.Width < 0 || p.Height < 0 {
			t.Fatalf("size %dx%d", p.Width, p.Height)
		}
		checkPage(t, p)
	}
}

func FuzzPAGE(f *testing.F) {
	seed(f, "*Page*.xml", "OCR-D*.xml", "1700*.xml")
	f.Add([]byte(`<PcGts><Page><ReadingOrder><OrderedGroup><RegionRefIndexed index="0" regionRef="r"/></OrderedGroup></ReadingOrder><TextRegion id="r"><TextLine><Coords><Point x="1" y="1"/></Coords><Word><TextEquiv conf="0.5"><Unicode>a</Unicode></TextEquiv></Word></TextLine></TextRegion></Page></PcGts>`))
	f.Fuzz(func(t *testing.T, src []byte) { fuzz(t, src, PAGE) })
}

func FuzzALTO(f *testing.F) {
	seed(f, "*alto*.xml", "0_4a125_default.xml", "tesseract/*.alto.xml")
	f.Add([]byte(`<alto><Description><MeasurementUnit>mm10</MeasurementUnit></Description><Layout><Page><TextBlock><TextLine HPOS="1" WIDTH="5" HEIGHT="2" BASELINE="3"><String CONTENT="a" CC="0 9"/><HYP CONTENT="-"/></TextLine></TextBlock></Page></Layout></alto>`))
	f.Fuzz(func(t *testing.T, src []byte) { fuzz(t, src, ALTO) })
}

func FuzzHOCR(f *testing.F) {
	seed(f, "*.hocr", "*.html", "tesseract/*.hocr")
	f.Add([]byte(`<html><div class="ocr_page" title="image &quot;a;b&quot;; bbox 0 0 9 9"><span class="ocr_line" title="bbox 0 0 9 9; baseline 1 2 3"><span class="ocrx_word" title="x_wconf 5">&eacute;</span></span></div></html>`))
	f.Fuzz(func(t *testing.T, src []byte) { fuzz(t, src, HOCR) })
}
