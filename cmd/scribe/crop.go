package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/scan"
)

type cropOptions struct {
	*app
	target string // DOCUMENT/PAGE
	row    int
	out    string
}

func newCropCmd(a *app, runF func(context.Context, *cropOptions) error) *cobra.Command {
	if runF == nil {
		runF = runCrop
	}
	o := &cropOptions{app: a}
	cmd := &cobra.Command{
		Use:   "crop DOCUMENT/PAGE --row N [-o FILE]",
		Short: "Write a PNG of the part of the scan that a row was read from",
		Long: `Cut the region of row N out of the page's scan and write it as a PNG: the box
around every OCR line the row covers (from the page's ocr-lines.tsv, which
scribe import writes from PAGE XML, ALTO or hOCR), with a margin of a third of
a line's height. The scan is the page's scan in document.toml: a PNG, JPEG or
GIF file in the repository (a path from the top of the repository). The boxes
are in the pixels of the image the OCR read; a scan of another size is scaled
to them.

Without -o the PNG is DOCUMENT-PAGE-rowN.png in the current directory; scribe
prints its name. It never writes under transcriptions/.

A scan that is a IIIF Image API address (its base URI, its info.json or any
image request of it) is not fetched: crop prints the image request for the
region, {base}/{x},{y},{w},{h}/max/0/default.jpg, to open in a browser, and
writes nothing.

diff and review name each row's lines on the scan and this command.` + "\n" + exitStatusHelp,
		Example: `  scribe crop tasks-of-the-working-class/002 --row 7
  scribe crop 002 --row 7 -o row7.png`,
		Args: args(oneTarget(cobra.ExactArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.row, "row", 0, "the row `N` (1-based), as diff and review number it")
	f.StringVarP(&o.out, "output", "o", "", "write the PNG to `FILE` (default DOCUMENT-PAGE-rowN.png)")
	_ = cmd.MarkFlagRequired("row")
	return cmd
}

// runCrop writes the row's region of the scan, or prints its IIIF
// address.
func runCrop(_ context.Context, o *cropOptions) error {
	pg, err := o.page(o.target, "crop")
	if err != nil {
		return err
	}
	addr := pg.addr
	docFile := layout.DocumentFilePath(addr.Document)
	entry, _ := pg.doc.Page(addr.Page)
	if entry.Scan == "" {
		return fmt.Errorf("page %s has no scan: add scan = \"scans/%s-%s.png\" (a path from the top of the repository, or a IIIF address) to its [[pages]] table in %s",
			addr, addr.Document, addr.Page, docFile)
	}
	p, err := page.Open(pg.repo, pg.proj, addr.Document, addr.Page)
	if err != nil {
		return err
	}
	if p.Geometry == nil {
		return fmt.Errorf("page %s has no OCR line geometry (%s), so where its rows lie on the scan is not known: import its OCR from PAGE XML, ALTO or hOCR with scribe import",
			addr, layout.LinesPath(addr.Document, addr.Page))
	}
	if err := rowInRange(addr.String(), len(p.Alignment.Rows), "--row", o.row); err != nil {
		return err
	}
	lines := p.OCRLines(o.row)
	if len(lines) == 0 {
		return fmt.Errorf("row %d of %s has no OCR text, so no place on the scan: crop a row next to it, or open the scan %s", o.row, addr, entry.Scan)
	}
	box, placed := scan.Lines(p.Geometry, lines)
	if len(placed) == 0 {
		return fmt.Errorf("%s lists no box for %s of the OCR reading, which row %d holds: import the OCR again",
			layout.LinesPath(addr.Document, addr.Page), scan.LineList(lines), o.row)
	}
	region := scan.Region(p.Geometry, box, scan.Pad(p.Geometry, placed))
	if scan.IsURL(entry.Scan) {
		return cropIIIF(o, entry.Scan, placed, box, region)
	}
	out := o.out
	if out == "" {
		out = fmt.Sprintf("%s-%s-row%d.png", addr.Document, addr.Page, o.row)
	}
	if err := cropTarget(pg.repo, out); err != nil {
		return err
	}
	rel := strings.TrimPrefix(entry.Scan, "./")
	if !fs.ValidPath(rel) {
		return fmt.Errorf("the scan of page %s, %q, is not a path in the repository: fix it in %s (a path from the top of the repository, such as scans/%s-%s.png)",
			addr, entry.Scan, docFile, addr.Document, addr.Page)
	}
	src, err := pg.repo.ReadFile(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the scan of page %s, %s, does not exist: add the file, or fix the path in %s", addr, entry.Scan, docFile)
	} else if err != nil {
		return err
	}
	png, cut, err := scan.Crop(src, p.Geometry, region)
	if err != nil {
		if errors.Is(err, scan.ErrFormat) {
			return fmt.Errorf("cannot read the scan %s: %v; convert it to PNG or JPEG and point the page's scan in %s to that", entry.Scan, err, docFile)
		}
		return fmt.Errorf("cannot crop the scan %s: %v; check that %s was made from this image", entry.Scan, err, layout.LinesPath(addr.Document, addr.Page))
	}
	if err := writeFileWhole(out, png); err != nil {
		return err
	}
	fmt.Fprintf(o.io.Out, "wrote %s: %s of %s, region %s\n", out, scan.LineList(placed), entry.Scan, scan.Corners(cut))
	return nil
}

// cropIIIF prints the IIIF Image API request of the region: the scan is
// not fetched.
func cropIIIF(o *cropOptions, base string, lines []int, box, region image.Rectangle) error {
	u, err := scan.IIIF(base, region)
	if scan.ErrNotIIIF(err) {
		return fmt.Errorf("the scan %s is the address of an image file, which scribe does not fetch: download it into the repository and set the page's scan to its path, or give the address of its IIIF Image API service", base)
	}
	if err != nil {
		return fmt.Errorf("%v: give the page's scan as a path in the repository or a IIIF Image API address", err)
	}
	fmt.Fprintln(o.io.Out, u)
	note := "the scan is a IIIF address, not fetched: open the address above for " + scan.Describe(lines, box)
	if o.out != "" {
		note += "; nothing written to " + o.out
	}
	fmt.Fprintln(o.io.ErrOut, note)
	return nil
}

// cropTarget refuses an output file under the repository's
// transcriptions/ folder, or one that is a folder.
func cropTarget(repo *layout.Repo, out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	top := filepath.Join(repo.Root, layout.Dir)
	if t, err := filepath.EvalSymlinks(top); err == nil {
		top = t
	}
	if rel, err := filepath.Rel(top, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return usagef("%s is under %s/, which holds the transcriptions only: write the PNG elsewhere with -o", out, layout.Dir)
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return usagef("%s is a folder: give -o a file name, such as %s", out, filepath.Join(out, "row.png"))
	}
	return nil
}

// writeFileWhole writes data to name through a temporary file beside it,
// so that name is either as it was or whole.
func writeFileWhole(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".scribe-crop-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// regionLine names where a row lies on the scan and the command that
// shows it, for diff and review: "lines 12–13 at 118,96–1438,199 ·
// scribe crop DOC/PAGE --row 7"; "" when the page's geometry does not
// place the row.
func regionLine(target string, row int, lines []int, g *geometry.Page) string {
	if g == nil || len(lines) == 0 {
		return ""
	}
	box, placed := scan.Lines(g, lines)
	if len(placed) == 0 {
		return ""
	}
	return fmt.Sprintf("%s · scribe crop %s --row %d", scan.Describe(placed, box), target, row)
}
