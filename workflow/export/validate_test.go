package export

import (
	"bytes"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// requireXMLLintEnv, set to 1, makes a missing xmllint fail the
// validation tests instead of skipping them (the gate sets it).
const requireXMLLintEnv = "SCRIBE_REQUIRE_XMLLINT"

// schemas are the official schemas, ready for xmllint, by format: PAGE's
// as committed; ALTO's a copy in a temporary folder whose xlink import
// points at the committed stand-in beside it instead of at its URL, so
// that nothing is fetched.
func schemas(t *testing.T) (string, map[Format]string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv(requireXMLLintEnv) == "1" {
			t.Fatalf("xmllint is not installed and %s=1 requires it: install it (Debian: apt-get install libxml2-utils)", requireXMLLintEnv)
		}
		t.Skip("xmllint is not installed: the exported files are not validated against the PAGE and ALTO schemas; install it (Debian: apt-get install libxml2-utils) to run this test")
	}
	dir := t.TempDir()
	alto, err := os.ReadFile(filepath.Join("testdata", "schemas", "alto-4-4.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	const remote = `schemaLocation="http://www.loc.gov/standards/xlink/xlink.xsd"`
	if !bytes.Contains(alto, []byte(remote)) {
		t.Fatalf("alto-4-4.xsd does not import %s", remote)
	}
	alto = bytes.Replace(alto, []byte(remote), []byte(`schemaLocation="xlink.xsd"`), 1)
	xlink, err := os.ReadFile(filepath.Join("testdata", "schemas", "xlink.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string][]byte{"alto-4-4.xsd": alto, "xlink.xsd": xlink} {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page, err := filepath.Abs(filepath.Join("testdata", "schemas", "pagecontent-2019-07-15.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	return bin, map[Format]string{PAGE: page, ALTO: filepath.Join(dir, "alto-4-4.xsd")}
}

// validate runs xmllint on the file's bytes against the format's schema,
// offline.
func validate(t *testing.T, bin, schema, name string, src []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--nonet", "--noout", "--schema", schema, file).CombinedOutput()
	if err != nil {
		t.Errorf("%s does not validate: %v\n%s\n%s", name, err, out, src)
	}
}

func TestValidates(t *testing.T) {
	bin, xsd := schemas(t)
	pages := load(t)
	// Pages the fixture does not make: no lines at all; lines without
	// geometry on a scan of unknown size; an empty line; a row of two
	// text lines; points beyond the scan.
	pages = append(pages,
		&Page{Doc: "book", ID: "003", Number: 3},
		&Page{Doc: "book", ID: "004", Number: 4, Image: "https://iiif.example.org/iiif/4/full/max/0/default.jpg", Lines: []Line{
			{ID: "line_1", Row: 1, Text: "no geometry"}, {ID: "line_2", Row: 2, Text: ""},
			{ID: "line_3", Row: 3, Text: "tab\tand <markup> & \"quotes\""},
			{ID: "line_4", Row: 4, Text: "a", Geom: &Geometry{Box: image.Rect(-3, 5, 9000, 9), Polygon: []image.Point{{1, 2}, {3, 4}}, Baseline: []image.Point{{1, 9}}}},
		}},
		&Page{Doc: "book", ID: "005", Number: 5, Printed: "iv", Width: 10, Height: 10, Lines: []Line{
			{ID: "line_1", Row: 1, Text: "first", Geom: &Geometry{Box: image.Rect(-3, -3, 90, 90)}},
			{ID: "line_1_2", Row: 1, Text: "second"},
		}},
	)
	for _, p := range pages {
		for _, f := range PageFormats {
			validate(t, bin, xsd[f], p.ID+"."+string(f)+".xml", f.Encode(p))
		}
	}
}

// The validation is real: a file that breaks the schema fails it.
func TestValidationFailsBadFiles(t *testing.T) {
	bin, xsd := schemas(t)
	p := load(t, "001")[0]
	for _, f := range PageFormats {
		src := f.Encode(p)
		bad := strings.Replace(string(src), `"line_1"`, `"1 line"`, 1)
		file := filepath.Join(t.TempDir(), "bad.xml")
		if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "--nonet", "--noout", "--schema", xsd[f], file).CombinedOutput(); err == nil {
			t.Errorf("%s: a line id that is no XML id validates:\n%s", f, out)
		}
	}
}
