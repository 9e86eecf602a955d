package ocrformat

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func parse(t *testing.T, name string) (Format, []Page) {
	t.Helper()
	f, pages, err := Parse(name, read(t, name), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f, pages
}

func texts(p Page) []string {
	var out []string
	for _, l := range p.Lines {
		out = append(out, l.Text)
	}
	return out
}

// checkPage holds for every page read: one-line texts, confidences from
// 0 to 1, one word confidence per word.
func checkPage(t testing.TB, p Page) {
	t.Helper()
	for i, l := range p.Lines {
		if l.Text == "" || strings.ContainsAny(l.Text, "\n\r\t") || strings.TrimSpace(l.Text) != l.Text {
			t.Errorf("line %d: text %q", i+1, l.Text)
		}
		if l.Conf != -1 && (l.Conf < 0 || l.Conf > 1) {
			t.Errorf("line %d: conf %v", i+1, l.Conf)
		}
		if l.Words != nil && len(l.Words) != len(strings.Fields(l.Text)) {
			t.Errorf("line %d: %d word confidences for %q", i+1, len(l.Words), l.Text)
		}
		for _, w := range l.Words {
			if w < 0 || w > 1 {
				t.Errorf("line %d: word conf %v", i+1, w)
			}
		}
	}
}

func TestDetect(t *testing.T) {
	for name, want := range map[string]Format{
		"SimplePage.xml": PAGE, "OCR-D-GT-PAGE_00000009.xml": PAGE, "170025120000003,0074.xml": PAGE,
		"test.alto2.xml": ALTO, "0_4a125_default.xml": ALTO, "lighthouse.alto.xml": ALTO,
		"tess.hocr": HOCR, "litver.html": HOCR, "lighthouse.hocr": HOCR,
		"ground-truth.txt": Text, "tesseract/letter.hocr": HOCR, "tesseract/letter.alto.xml": ALTO,
	} {
		if got, err := Detect(name, read(t, name)); err != nil || got != want {
			t.Errorf("Detect(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	if _, err := Detect("tei.xml", []byte("<TEI><text/></TEI>")); err == nil || !strings.Contains(err.Error(), "tei.xml:1: an XML file with the root element <TEI>") {
		t.Errorf("TEI: %v", err)
	}
	if f, err := Detect("a.txt", []byte("<<<<<<< not xml\n")); err != nil || f != Text {
		t.Errorf("text starting with <: %v %v", f, err)
	}
}

// The synthetic scan: Tesseract's hOCR and ALTO of it agree with the
// ground truth word for word, and with each other on every box.
func TestSynthetic(t *testing.T) {
	var truth []string
	for _, l := range strings.Split(string(read(t, "ground-truth.txt")), "\n") {
		if l != "" {
			truth = append(truth, l)
		}
	}
	_, h := parse(t, "lighthouse.hocr")
	_, a := parse(t, "lighthouse.alto.xml")
	if len(h) != 1 || len(a) != 1 {
		t.Fatalf("pages: %d hOCR, %d ALTO", len(h), len(a))
	}
	for _, p := range []Page{h[0], a[0]} {
		checkPage(t, p)
		if p.Image != "lighthouse.png" || p.Width != 1560 || p.Height != 1003 {
			t.Errorf("image %q %dx%d", p.Image, p.Width, p.Height)
		}
		if got := strings.Join(texts(p), "\n"); got != strings.Join(truth, "\n") {
			t.Errorf("text:\n%s\nwant:\n%s", got, strings.Join(truth, "\n"))
		}
		var breaks []int
		for i, l := range p.Lines {
			if l.Words == nil || l.Conf < 0.9 {
				t.Errorf("line %d: conf %v words %v", i+1, l.Conf, l.Words)
			}
			if l.Break {
				breaks = append(breaks, i+1)
			}
		}
		// Tesseract splits the second paragraph after "silent:".
		if want := []int{1, 7, 11}; !equalInts(breaks, want) {
			t.Errorf("blocks start at lines %v, want %v", breaks, want)
		}
	}
	for i := range h[0].Lines {
		hl, al := h[0].Lines[i], a[0].Lines[i]
		if hl.Box != al.Box {
			t.Errorf("line %d: hOCR box %v, ALTO box %v", i+1, hl.Box, al.Box)
		}
		if !equalFloats(hl.Words, al.Words) {
			t.Errorf("line %d: hOCR words %v, ALTO words %v", i+1, hl.Words, al.Words)
		}
	}
	if l := h[0].Lines[0]; len(l.Baseline) != 2 || l.Baseline[0] != image.Pt(150, 194) {
		t.Errorf("hOCR baseline %v", l.Baseline)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTesseractFixtures(t *testing.T) {
	for _, name := range []string{"letter", "smudged"} {
		want := strings.Fields(string(read(t, "tesseract/"+name+".ocr.txt")))
		for _, ext := range []string{".hocr", ".alto.xml"} {
			_, pages := parse(t, "tesseract/"+name+ext)
			if len(pages) != 1 || pages[0].Image != name+".png" {
				t.Fatalf("%s%s: %d pages", name, ext, len(pages))
			}
			checkPage(t, pages[0])
			if got := strings.Fields(strings.Join(texts(pages[0]), " ")); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s%s: words %q, want Tesseract's text %q", name, ext, got, want)
			}
		}
	}
	// The smudged page has a line Tesseract is unsure of.
	_, pages := parse(t, "tesseract/smudged.alto.xml")
	low := 1.0
	for _, l := range pages[0].Lines {
		for _, w := range l.Words {
			low = min(low, w)
		}
	}
	if low > 0.7 {
		t.Errorf("lowest word confidence %v, want a doubtful word", low)
	}
}

func TestPAGE(t *testing.T) {
	// OCR-D: a ReadingOrder not in document order.
	_, p := parse(t, "OCR-D-GT-PAGE_00000009.xml")
	checkPage(t, p[0])
	if p[0].Image != "OCR-D-IMG/OCR-D-IMG_00000009.tif" || p[0].Width != 1796 || p[0].Height != 2438 {
		t.Errorf("image %q %dx%d", p[0].Image, p[0].Width, p[0].Height)
	}
	got := texts(p[0])
	if len(got) != 13 || got[0] != "D. Rudolpho II." || got[1] != "ROM. IMPE⸗" {
		t.Errorf("lines %q", got)
	}
	for i, l := range p[0].Lines {
		if len(l.Polygon) < 3 || l.Box.Empty() {
			t.Errorf("line %d: polygon %v box %v", i+1, l.Polygon, l.Box)
		}
	}

	// Transkribus: ReadingOrder and custom indexes, baselines.
	_, p = parse(t, "170025120000003,0074.xml")
	checkPage(t, p[0])
	if got := texts(p[0]); len(got) != 44 || got[0] != "$pag:39" {
		t.Errorf("%d lines, first %q", len(got), got[0])
	}
	for i, l := range p[0].Lines {
		if len(l.Baseline) < 2 {
			t.Errorf("line %d: no baseline", i+1)
		}
	}

	// SimplePage: text on regions only, split on its newlines; the
	// ReadingOrder's regions first, then the rest in document order.
	_, p = parse(t, "SimplePage.xml")
	checkPage(t, p[0])
	got = texts(p[0])
	if got[0] != "The PAGE Format" || got[1] != "There is a plethora of established and proposed" || got[len(got)-1] != "Cell 6" {
		t.Errorf("lines %q", got)
	}
}

func TestPAGEReadingOrderAndOldPoints(t *testing.T) {
	src := `<?xml version="1.0"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2010-03-19">
<Page imageFilename="old.tif" imageWidth="100" imageHeight="100">
<ReadingOrder><OrderedGroup id="g">
  <RegionRefIndexed index="2" regionRef="a"/>
  <UnorderedGroupIndexed id="u" index="1"><RegionRef regionRef="c"/><RegionRef regionRef="b"/></UnorderedGroupIndexed>
</OrderedGroup></ReadingOrder>
<TextRegion id="a"><TextLine id="a1"><Coords><Point x="1" y="2"/><Point x="50" y="2"/><Point x="50" y="9"/></Coords>
  <TextEquiv><Unicode>third</Unicode></TextEquiv></TextLine></TextRegion>
<TextRegion id="b"><TextLine id="b1"><TextEquiv><Unicode>second</Unicode></TextEquiv></TextLine>
  <TextRegion id="b-inner"><TextLine id="bi"><TextEquiv><Unicode>second, inner</Unicode></TextEquiv></TextLine></TextRegion></TextRegion>
<TextRegion id="c"><TextLine id="c2" custom="readingOrder {index:1;}"><TextEquiv><Unicode>first, b</Unicode></TextEquiv></TextLine>
  <TextLine id="c1" custom="readingOrder {index:0;}"><TextEquiv><Unicode>first, a</Unicode></TextEquiv></TextLine></TextRegion>
<TextRegion id="z"><TextLine id="z1"><TextEquiv><Unicode>unlisted</Unicode></TextEquiv></TextLine></TextRegion>
</Page></PcGts>`
	pages, err := ParsePAGE("old.xml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(texts(pages[0]), "|")
	if want := "first, a|first, b|second|second, inner|third|unlisted"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
	for _, l := range pages[0].Lines {
		if l.Text == "third" && (l.Box != image.Rect(1, 2, 50, 9) || len(l.Polygon) != 3) {
			t.Errorf("Point children: box %v polygon %v", l.Box, l.Polygon)
		}
	}

	// Without a ReadingOrder, Transkribus' custom index orders regions.
	src = `<PcGts><Page imageFilename="t.jpg">
<TextRegion id="x" custom="readingOrder {index:1;}"><TextLine><TextEquiv><Unicode>two</Unicode></TextEquiv></TextLine></TextRegion>
<TextRegion id="y" custom="readingOrder {index:0;} structure {type:heading;}"><TextLine><TextEquiv><Unicode>one</Unicode></TextEquiv></TextLine></TextRegion>
</Page></PcGts>`
	if pages, err = ParsePAGE("t.xml", []byte(src)); err != nil || strings.Join(texts(pages[0]), "|") != "one|two" {
		t.Errorf("custom order: %v %v", pages, err)
	}
}

func TestALTO(t *testing.T) {
	_, p := parse(t, "test.alto2.xml")
	checkPage(t, p[0])
	if p[0].Width != 1720 || p[0].Height != 2500 {
		t.Errorf("size %dx%d", p[0].Width, p[0].Height)
	}
	hyp := false
	for _, l := range p[0].Lines {
		hyp = hyp || strings.HasSuffix(l.Text, "übersicht-")
		if l.Words == nil {
			t.Errorf("no word confidences on %q", l.Text)
		}
	}
	if !hyp {
		t.Errorf("the HYP with a soft hyphen is not kept as a line-end hyphen: %q", texts(p[0]))
	}

	_, p = parse(t, "0_4a125_default.xml")
	checkPage(t, p[0])
	if len(p[0].Lines) != 7 || p[0].Lines[4].Text != "et je ferai moi, tout ce qu'on jugera néces-" {
		t.Errorf("lines %q", texts(p[0]))
	}
	for i, l := range p[0].Lines {
		if len(l.Polygon) < 3 || len(l.Baseline) < 2 || l.Conf != -1 {
			t.Errorf("line %d: polygon %d baseline %d conf %v", i+1, len(l.Polygon), len(l.Baseline), l.Conf)
		}
	}
}

func TestALTOReadingOrderAndUnits(t *testing.T) {
	src := `<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description><MeasurementUnit>inch1200</MeasurementUnit></Description>
<ReadingOrder><OrderedGroup ID="g"><ElementRef ID="r1" REF="b2"/><UnorderedGroup ID="u"><ElementRef ID="r2" REF="l1"/></UnorderedGroup></OrderedGroup></ReadingOrder>
<Layout><Page ID="p" WIDTH="2400" HEIGHT="1200"><PrintSpace>
<TextBlock ID="b1"><TextLine ID="l1" HPOS="0" VPOS="0" WIDTH="1200" HEIGHT="120" BASELINE="100"><String CONTENT="second" WC="0.5"/></TextLine></TextBlock>
<TextBlock ID="b2"><TextLine ID="l2" HPOS="120" VPOS="240" WIDTH="1200" HEIGHT="120"><String CONTENT="first" CC="0 9 0 9 0"/><String CONTENT="here"/></TextLine></TextBlock>
<TextBlock ID="b3"><TextLine ID="l3" HPOS="120" VPOS="480" WIDTH="1200" HEIGHT="120"><String CONTENT="last"/></TextLine></TextBlock>
</PrintSpace></Page></Layout></alto>`
	pages, err := ParseALTO("ro.xml", []byte(src), Options{DPI: 300})
	if err != nil {
		t.Fatal(err)
	}
	p := pages[0]
	if got := strings.Join(texts(p), "|"); got != "first here|second|last" {
		t.Errorf("order %q", got)
	}
	if p.Width != 600 || p.Height != 300 || p.Lines[1].Box != image.Rect(0, 0, 300, 30) || len(p.Lines[1].Baseline) != 2 || p.Lines[1].Baseline[0] != image.Pt(0, 25) {
		t.Errorf("inch1200 at 300 dpi: page %dx%d, line %v %v", p.Width, p.Height, p.Lines[1].Box, p.Lines[1].Baseline)
	}
	if l := p.Lines[0]; l.Words != nil || l.Conf != -1 {
		t.Errorf("a word without confidence: %v %v", l.Words, l.Conf)
	}
	pages, err = ParseALTO("ro.xml", []byte(src), Options{})
	if err != nil || len(pages[0].Notes) != 1 || !pages[0].Lines[0].Box.Empty() {
		t.Errorf("without a resolution: %v %+v", err, pages)
	}
}

func TestWordConfidence(t *testing.T) {
	for _, tc := range []struct {
		wc   string
		odd  bool
		want float64
	}{
		{"0.96", true, 0.96}, {"0.9", true, 0.09}, {"0.100", true, 1}, {"0.5", true, 0.05},
		{"0.9", false, 0.9}, {"0.676666677", false, 0.6767}, {"1", false, 1}, {"87", false, 0.87},
	} {
		if got, err := parseWC(tc.wc, tc.odd); err != nil || got != tc.want {
			t.Errorf("parseWC(%q, %v) = %v, %v; want %v", tc.wc, tc.odd, got, err, tc.want)
		}
	}
	for _, bad := range []string{"-1", "101", "x", "NaN"} {
		if _, err := parseWC(bad, false); err == nil {
			t.Errorf("parseWC(%q) accepted", bad)
		}
	}
	for sw, want := range map[string]bool{"tesseract 5.3.0": true, "tesseract 4.1.1": true, "tesseract 5.5.1": true,
		"tesseract v5.6.0": false, "Tesseract 6.0": false, "ABBYY FineReader Engine": false} {
		if got := tesseractOddWC(sw); got != want {
			t.Errorf("tesseractOddWC(%q) = %v", sw, got)
		}
	}
}

func TestHOCR(t *testing.T) {
	_, p := parse(t, "tess.hocr")
	checkPage(t, p[0])
	if p[0].Image != "alice_1.png" || len(p[0].Lines) != 37 || p[0].Lines[0].Text != "1 Down the Rabbit-Hole" {
		t.Errorf("image %q, %d lines, first %q", p[0].Image, len(p[0].Lines), p[0].Lines[0].Text)
	}
	_, p = parse(t, "litver.html")
	checkPage(t, p[0])
	if p[0].Image != "litver.png" || len(p[0].Lines) != 105 || p[0].Lines[0].Conf != -1 {
		t.Errorf("image %q, %d lines", p[0].Image, len(p[0].Lines))
	}

	src := `<html><body><div class="ocr_page" title='image "a b.png"; bbox 0 0 100 50'>
<span class="ocr_caption" title="bbox 1 1 40 9">A&nbsp;caption</span>
<span class="ocrx_line" title="bbox 1 11 90 19; baseline 0 -2"><span class="ocrx_word" title="x_wconf 40"><em>Kraken</em></span> <span class="ocrx_word" title="x_wconf 80">line</span></span>
</div><div class="ocr_page" title="bbox 0 0 10 10"></div></body></html>`
	pages, err := ParseHOCR("k.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].Image != "a b.png" || pages[0].Width != 100 || len(pages[1].Lines) != 0 {
		t.Fatalf("pages %+v", pages)
	}
	if got := texts(pages[0]); strings.Join(got, "|") != "A\u00a0caption|Kraken line" {
		t.Errorf("lines %q", got)
	}
	if l := pages[0].Lines[1]; l.Conf != 0.6 || !equalFloats(l.Words, []float64{0.4, 0.8}) || l.Baseline[0] != image.Pt(1, 17) {
		t.Errorf("line %+v", l)
	}
}

func TestMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"page", "<PcGts>\n<Page>\n  <TextRegion></Page>", "x.xml:3:15: not well-formed XML: element <TextRegion> closed by </Page>"},
		{"page", "<PcGts><Page>\n<TextRegion>", "x.xml:2:13: not well-formed XML: unexpected EOF"},
		{"alto", "<alto>\n<Layout>&bogus;</Layout></alto>", "x.xml:2:16: not well-formed XML: invalid character entity &bogus;"},
		{"alto", "<?xml version=\"1.0\"?>\n<!DOCTYPE alto SYSTEM \"http://example.org/x.dtd\" [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<alto><Layout>&e;</Layout></alto>", "x.xml:3:18: not well-formed XML: invalid character entity &e;"},
		{"hocr", "<html><body>\n<div class='ocr_page' title='bbox 0 0 x 1'></div></body></html>", "x.xml:2:1: bbox \"0 0 x 1\" is not x0 y0 x1 y1"},
		{"page", "<PcGts><Page><TextRegion><TextLine><Coords points='1,2 3'/></TextLine></TextRegion></Page></PcGts>", "x.xml:1:36: points: \"1,2 3\" has an odd number of coordinates"},
		{"alto", "<alto><Layout><Page><TextBlock><TextLine><String CONTENT='a' WC='2x'/></TextLine></TextBlock></Page></Layout></alto>", "x.xml:1:42: WC=\"2x\" is not a confidence from 0 to 1"},
		{"page", "<a/><b/>", "x.xml:1:5: a second root element <b>"},
	} {
		f, _ := ParseFormat(tc.name)
		_, _, err := Parse("x.xml", []byte(tc.src), f, Options{})
		var e *Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s %q:\n got %v\nwant %s", tc.name, tc.src, err, tc.want)
		}
	}
}
