// Package scan finds where a row lies on a page's scan and cuts that
// region out: from the page's OCR line geometry (workflow/geometry), the
// box around the row's OCR lines, padded, and the scan cropped to it as a
// PNG. A scan that is a IIIF Image API address is never fetched: the
// region is given as the image request that the server answers.
package scan

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders: a scan may be GIF, JPEG or PNG
	_ "image/jpeg"
	"image/png"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/geometry"
)

// IsURL reports whether a page's scan is an address rather than a path
// in the repository: "https://…", or any other "scheme://…".
func IsURL(scan string) bool { return strings.Contains(scan, "://") }

// Lines returns the box around those of the OCR lines that the geometry
// places, and those lines; an empty box and none when it places none.
func Lines(g *geometry.Page, lines []int) (image.Rectangle, []int) {
	var box image.Rectangle
	var placed []int
	for _, n := range lines {
		l, ok := g.Line(n)
		if !ok {
			continue
		}
		box = box.Union(l.Box)
		placed = append(placed, n)
	}
	return box, placed
}

// Pad is the margin around a row's box: a third of the height of its
// tallest line, at least 6 pixels, so that ascenders and descenders the
// OCR's box cut off are seen.
func Pad(g *geometry.Page, lines []int) int {
	h := 0
	for _, n := range lines {
		if l, ok := g.Line(n); ok {
			h = max(h, l.Box.Dy())
		}
	}
	return max(6, h/3)
}

// Region is the row's box padded by pad pixels and kept inside the image,
// when the geometry gives its size.
func Region(g *geometry.Page, box image.Rectangle, pad int) image.Rectangle {
	r := box.Inset(-pad)
	if g.Width > 0 && g.Height > 0 {
		r = r.Intersect(image.Rect(0, 0, g.Width, g.Height))
	}
	return r
}

// Describe names a row's place on the scan as diff and review show it:
// "lines 12–13 at 118,96–1438,199", or "line 4 at …".
func Describe(lines []int, box image.Rectangle) string {
	return LineList(lines) + " at " + Corners(box)
}

// Corners writes a box as its top left and bottom right corners: x0,y0–x1,y1.
func Corners(r image.Rectangle) string {
	return fmt.Sprintf("%d,%d–%d,%d", r.Min.X, r.Min.Y, r.Max.X, r.Max.Y)
}

// LineList names OCR lines, in order, with runs as ranges: "line 4",
// "lines 12–13", "lines 3, 5–7".
func LineList(lines []int) string {
	var parts []string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(lines[i])+"–"+strconv.Itoa(lines[j]))
		} else {
			parts = append(parts, strconv.Itoa(lines[i]))
		}
		i = j + 1
	}
	if len(lines) == 1 {
		return "line " + parts[0]
	}
	return "lines " + strings.Join(parts, ", ")
}

// imageRequest is the end of a IIIF Image API image request:
// /{region}/{size}/{rotation}/{quality}.{format}.
var imageRequest = regexp.MustCompile(`/[^/]+/[^/]+/!?[0-9.]+/(default|color|gray|bitonal|native)\.([a-z0-9]+)$`)

// plainImage is how the address of an image file ends.
var plainImage = regexp.MustCompile(`(?i)\.(png|jpe?g|gif|tiff?|jp2|webp)$`)

// IIIF returns the IIIF Image API 3.0 request for region of the image
// whose address is scan: the image's base URI ({scheme}://{server}/
// {prefix}/{identifier}), its info.json, or any image request of it. The
// format is the one the request asks for, else jpg, which every
// compliance level serves. An address that is neither is an error.
func IIIF(scan string, region image.Rectangle) (string, error) {
	u, err := url.Parse(scan)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("the scan %q is not an http(s) address", scan)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("the scan %q has a query or fragment, which a IIIF Image API base address has not", scan)
	}
	base, format := strings.TrimSuffix(scan, "/"), "jpg"
	switch m := imageRequest.FindStringSubmatchIndex(base); {
	case strings.HasSuffix(base, "/info.json"):
		base = strings.TrimSuffix(base, "/info.json")
	case m != nil:
		format = base[m[4]:m[5]]
		base = base[:m[0]]
	case plainImage.MatchString(u.Path):
		return "", errNotIIIF
	}
	if r := region.Canon(); r.Empty() || r.Min.X < 0 || r.Min.Y < 0 {
		return "", fmt.Errorf("the region %s is not on the image", Corners(region))
	}
	return fmt.Sprintf("%s/%d,%d,%d,%d/max/0/default.%s", base, region.Min.X, region.Min.Y, region.Dx(), region.Dy(), format), nil
}

// errNotIIIF is the error of an address of an image file.
var errNotIIIF = errors.New("the scan is the address of an image file, not of a IIIF Image API service")

// ErrNotIIIF reports whether err says the scan is an image file's address.
func ErrNotIIIF(err error) bool { return errors.Is(err, errNotIIIF) }

// ErrFormat is the error of a scan in a format that cannot be read.
var ErrFormat = errors.New("not a PNG, JPEG or GIF image")

// Crop decodes the scan src and returns region of it as a PNG. The
// region is in the pixels of the image the OCR read, whose size the
// geometry gives (0 when it does not): when the scan has another size (a
// scan at another resolution), the region is scaled to it. It returns
// the region of the scan it cut, in the scan's pixels.
func Crop(src []byte, g *geometry.Page, region image.Rectangle) ([]byte, image.Rectangle, error) {
	img, format, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			if isTIFF(src) {
				return nil, image.Rectangle{}, fmt.Errorf("%w: it is a TIFF image, which scribe does not read", ErrFormat)
			}
			return nil, image.Rectangle{}, ErrFormat
		}
		return nil, image.Rectangle{}, fmt.Errorf("the image is damaged: %v", err)
	}
	b := img.Bounds()
	r := region
	if g.Width > 0 && g.Height > 0 && (g.Width != b.Dx() || g.Height != b.Dy()) {
		r = image.Rect(r.Min.X*b.Dx()/g.Width, r.Min.Y*b.Dy()/g.Height,
			ceilDiv(r.Max.X*b.Dx(), g.Width), ceilDiv(r.Max.Y*b.Dy(), g.Height))
	}
	r = r.Add(b.Min).Intersect(b)
	if r.Empty() {
		return nil, image.Rectangle{}, fmt.Errorf("the region %s lies outside the %s image of %d×%d pixels",
			Corners(region), strings.ToUpper(format), b.Dx(), b.Dy())
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil, image.Rectangle{}, ErrFormat
	}
	var out bytes.Buffer
	if err := png.Encode(&out, sub.SubImage(r)); err != nil {
		return nil, image.Rectangle{}, err
	}
	return out.Bytes(), r.Sub(b.Min), nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func isTIFF(src []byte) bool {
	return bytes.HasPrefix(src, []byte("II*\x00")) || bytes.HasPrefix(src, []byte("MM\x00*"))
}
