package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// What the fixture in testdata/site holds.
var (
	fixtureDocs   = []string{"letter-1871"}
	fixturePages  = []string{"p001", "p002"}
	fixtureLines  = 6
	fixturePeople = []string{"people/ana.html"}
	fixtureRows   = map[string][]string{
		"p001": {
			"1 disputed variants=ana ben|carl consensus",
			"2 disputed variants=ben|carl consensus by=ana",
			"3 unanimous",
		},
		"p002": {"1 majority", "2 single", "3 unanimous"},
	}
	fixtureBoxes  = map[string][]string{"p001": {"1", "2", "3"}}
	fixturePhrase = "the river" // in lines 2 and 4
	fixtureFound  = []bool{false, true, false, true, false, false}
)

// TestEveryPage loads every page of the site and checks what the contract
// asks of all of them; the tab fails the test on any request off the page,
// failed load, console error or uncaught exception.
func TestEveryPage(t *testing.T) {
	s := siteUnderTest(t)
	tb := openTab(t, newBrowser(t), s, desktop)
	m := discover(t, tb)
	if len(m.people) == 0 {
		t.Errorf("no contributor page people/ID.html in %s", s.dir)
	}
	for _, p := range m.people {
		tb.load(p)
		if n := eval[int](tb, `document.querySelectorAll("dl#stats").length`); n != 1 {
			t.Errorf("%s: %d <dl id=\"stats\">, want 1", p, n)
		}
		if n := eval[int](tb, `document.querySelectorAll("dl#stats dt").length`); n == 0 {
			t.Errorf("%s: <dl id=\"stats\"> has no <dt>", p)
		}
	}
	for _, p := range m.allPages() {
		tb.load(p)
		checkCommon(t, tb)
	}
	if s.fixture {
		var docs []string
		for _, d := range m.docs {
			docs = append(docs, d.id)
		}
		if !reflect.DeepEqual(docs, fixtureDocs) {
			t.Errorf("documents %v, want %v", docs, fixtureDocs)
		}
		if !reflect.DeepEqual(m.people, fixturePeople) {
			t.Errorf("contributor pages %v, want %v", m.people, fixturePeople)
		}
	}
}

// TestDocumentsAndPages checks each document's text against its pages:
// every line names a page and a row that exist, and each page's rows,
// variants, decisions, boxes and prev/next links hold to the contract.
func TestDocumentsAndPages(t *testing.T) {
	s := siteUnderTest(t)
	tb := openTab(t, newBrowser(t), s, desktop)
	m := discover(t, tb)
	for _, d := range m.docs {
		tb.load(d.id + "/index.html")
		f := eval[document](tb, documentJS)
		where := d.id + "/index.html"
		if !f.Search || f.SearchType != "search" {
			t.Errorf("%s: no <input id=\"search\" type=\"search\">", where)
		}
		if !f.Count {
			t.Errorf("%s: no <p id=\"search-count\">", where)
		}
		if !f.List || len(f.Lines) == 0 {
			t.Errorf("%s: no <li class=\"line\"> in <ol id=\"text\">", where)
		}
		for i, l := range f.Lines {
			if l.Page == "" || l.Row == "" {
				t.Errorf("%s: line %d has no data-page or data-row", where, i+1)
			}
		}
		if s.fixture {
			if len(f.Lines) != fixtureLines {
				t.Errorf("%s: %d lines, want %d", where, len(f.Lines), fixtureLines)
			}
			if !reflect.DeepEqual(d.pages, fixturePages) {
				t.Errorf("%s: pages %v, want %v", where, d.pages, fixturePages)
			}
		}

		for i, p := range d.pages {
			file := d.pageFile(p)
			tb.load(file)
			pf := eval[pagePage](tb, pageJS)
			checkPage(t, file, pf)
			rows := map[string]bool{}
			for _, r := range pf.Rows {
				rows[deref(r.Row)] = true
			}
			for _, l := range d.lines {
				if l.Page == p && !rows[l.Row] {
					t.Errorf("%s: line %q names row %s, which %s does not have", where, normalize(l.Text), l.Row, file)
				}
			}
			checkNeighbour(t, s, file, "prev", pf.Prev, d, i-1)
			checkNeighbour(t, s, file, "next", pf.Next, d, i+1)
			if s.fixture {
				if got, want := pf.summary(), fixtureRows[p]; !reflect.DeepEqual(got, want) {
					t.Errorf("%s: rows\n%s\nwant\n%s", file, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				if got, want := pf.boxRows(), fixtureBoxes[p]; !reflect.DeepEqual(got, want) {
					t.Errorf("%s: boxes of rows %v, want %v", file, got, want)
				}
				if got, want := pf.Scan, fixtureBoxes[p] != nil; got != want {
					t.Errorf("%s: scan %v, want %v", file, got, want)
				}
			}
		}
	}
}

// checkNeighbour checks a page's rel=prev or rel=next link: to page i of
// the document when there is one; when there is none, a link, if any, must
// lead to a page of the site.
func checkNeighbour(t *testing.T, s site, file, rel string, links []string, d doc, i int) {
	t.Helper()
	if i < 0 || i >= len(d.pages) {
		for _, l := range links {
			if target := s.rel(l); target == "" || !s.exists(target) {
				t.Errorf("%s: <a rel=%q> to %s, which is no page of the site", file, rel, l)
			} else if docID, page := pageOf(target); docID == d.id && contains(d.pages, page) {
				t.Errorf("%s: <a rel=%q> to %s, but %s has no %s page", file, rel, target, file, rel)
			}
		}
		return
	}
	want := d.pageFile(d.pages[i])
	if len(links) == 0 {
		t.Errorf("%s: no <a rel=%q>, want a link to %s", file, rel, want)
	}
	for _, l := range links {
		if got := s.rel(l); got != want {
			t.Errorf("%s: <a rel=%q> to %s, want %s", file, rel, l, want)
		}
	}
}

// sameStrings is reflect.DeepEqual, with nil and empty alike.
func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestSearch types a phrase of the canonical text into each document's
// search field and expects the lines that contain it, only those, to show,
// and the count to say how many; then a phrase that no line has; then
// clears the field and expects every line back.
func TestSearch(t *testing.T) {
	s := siteUnderTest(t)
	tb := openTab(t, newBrowser(t), s, desktop)
	m := discover(t, tb)
	for _, d := range m.docs {
		if len(d.lines) == 0 {
			continue
		}
		phrase, want, ok := pickPhrase(d.lines)
		if !ok {
			t.Errorf("%s: no phrase of two or three words to search for in its %d lines", d.id, len(d.lines))
			continue
		}
		searches := []struct {
			phrase string
			want   []bool
		}{{phrase, want}, {"zzqxj", make([]bool, len(d.lines))}}
		if s.fixture {
			searches = append(searches, struct {
				phrase string
				want   []bool
			}{fixturePhrase, fixtureFound})
		}
		for _, sr := range searches {
			tb.load(d.id + "/index.html")
			tb.do("typing into #search", chromedp.SendKeys(chromedp.CSS("#search"), sr.phrase))
			where := d.id + "/index.html, searching " + jsString(sr.phrase)
			got := waitVisible(tb, sr.want)
			if !reflect.DeepEqual(got, sr.want) {
				t.Errorf("%s: lines shown %v, want %v", where, got, sr.want)
			}
			text := eval[string](tb, `(document.getElementById("search-count") || {textContent: ""}).textContent`)
			if n := count(sr.want); !hasNumber(text, n) {
				t.Errorf("%s: #search-count says %q, want the number %d in it", where, normalize(text), n)
			}
			tb.do("clearing #search", chromedp.KeyEvent(strings.Repeat(kb.Backspace, len([]rune(sr.phrase)))))
			all := make([]bool, len(d.lines))
			for i := range all {
				all[i] = true
			}
			if got := waitVisible(tb, all); !reflect.DeepEqual(got, all) {
				t.Errorf("%s, then clearing it: lines shown %v, want all", where, got)
			}
		}
	}
}

// waitVisible waits a little for the lines shown to become want, and
// returns the lines shown.
func waitVisible(tb *tab, want []bool) []bool {
	tb.t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		got := eval[[]bool](tb, visibleLinesJS)
		if reflect.DeepEqual(got, want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestHighlight hovers rows and boxes on the pages with a scan, and
// expects the row and its boxes, only those, to be active; then moves
// through the page with Tab and expects the focused row to be.
func TestHighlight(t *testing.T) {
	s := siteUnderTest(t)
	bctx := newBrowser(t)
	tb := openTab(t, bctx, s, desktop)
	m := discover(t, tb)
	tested := 0
	for _, d := range m.docs {
		for _, p := range d.pages {
			file := d.pageFile(p)
			tb.load(file)
			f := eval[pagePage](tb, pageJS)
			withBoxes := f.boxRows()
			if !f.Scan || len(withBoxes) == 0 {
				continue
			}
			tested++
			if tested > 3 {
				break
			}
			hoverRowsAndBoxes(t, tb, file, f, withBoxes)
			tabThroughRows(t, openTab(t, bctx, s, desktop), file, f)
		}
	}
	if tested == 0 {
		if s.fixture {
			t.Fatal("no page of the fixture has a scan with boxes")
		}
		t.Skip("no page of the site has a scan with boxes: nothing to highlight")
	}
}

func hoverRowsAndBoxes(t *testing.T, tb *tab, file string, f pagePage, withBoxes []string) {
	t.Helper()
	check := func(what string, ok func([]string) bool, want string) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Second)
		var got []string
		for {
			got = eval[[]string](tb, activeJS)
			if ok(got) || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !ok(got) {
			t.Errorf("%s: %s: active %v, want %s", file, what, got, want)
		}
	}
	exactly := func(want []string) func([]string) bool {
		return func(got []string) bool { return sameStrings(got, want) }
	}
	check("on load", exactly(nil), "none")
	first := withBoxes[0]
	other := first
	if len(withBoxes) > 1 {
		other = withBoxes[1]
	}
	tb.mouseTo(`document.getElementById(` + jsString("row-"+first) + `)`)
	check("hovering row "+first, exactly(f.wantActive(first)), strings.Join(f.wantActive(first), " "))
	box := `document.querySelector('rect.box[data-row=' + CSS.escape(` + jsString(other) + `) + ']')`
	tb.mouseTo(box)
	check("hovering a box of row "+other, boxAndRow(other), "the box, its row and no other row's")
	if !eval[bool](tb, box+`.classList.contains("active")`) {
		t.Errorf("%s: hovering a box of row %s: the box is not active", file, other)
	}
	tb.mouseTo(`document.querySelector("h1") || document.querySelector("main")`)
	check("hovering the heading", exactly(nil), "none")
}

// boxAndRow accepts what activeJS gives when a box of row n is hovered:
// the row and at least one box, all of row n (the row's other boxes may
// light up too).
func boxAndRow(n string) func([]string) bool {
	return func(got []string) bool {
		rows, boxes := 0, 0
		for _, g := range got {
			switch g {
			case "row:" + n:
				rows++
			case "box:" + n:
				boxes++
			default:
				return false
			}
		}
		return rows == 1 && boxes >= 1
	}
}

func tabThroughRows(t *testing.T, tb *tab, file string, f pagePage) {
	t.Helper()
	tb.load(file)
	focused := func() string {
		return eval[string](tb, `(document.activeElement && document.activeElement.matches("li.row")) ? document.activeElement.getAttribute("data-row") : ""`)
	}
	var first string
	for i := 0; i < 200 && first == ""; i++ {
		tb.do("pressing Tab", chromedp.KeyEvent(kb.Tab))
		first = focused()
	}
	if first == "" {
		t.Errorf("%s: Tab never reaches a row", file)
		return
	}
	if got, want := eval[[]string](tb, activeJS), f.wantActive(first); !sameStrings(got, want) {
		t.Errorf("%s: row %s focused with Tab: active %v, want %v", file, first, got, want)
	}
	tb.do("pressing Tab", chromedp.KeyEvent(kb.Tab))
	if next := focused(); next != "" {
		if got, want := eval[[]string](tb, activeJS), f.wantActive(next); !sameStrings(got, want) {
			t.Errorf("%s: row %s focused with Tab after row %s: active %v, want %v", file, next, first, got, want)
		}
	}
}

// TestLayout loads every page at desktop and phone widths and fails on
// horizontal overflow; it screenshots the key pages (the project, a
// document, a page, a contributor) into SCRIBE_SCREENSHOTS.
func TestLayout(t *testing.T) {
	s := siteUnderTest(t)
	bctx := newBrowser(t)
	dir := screenshotDir(t)
	m := discover(t, openTab(t, bctx, s, desktop))
	key := keyPages(t, s, m, openTab(t, bctx, s, desktop))
	for _, vp := range []viewport{desktop, phone} {
		tb := openTab(t, bctx, s, vp)
		for _, p := range m.allPages() {
			tb.load(p)
			checkOverflow(t, tb)
			for kind, kp := range key {
				if kp != p {
					continue
				}
				png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s (%s): screenshot: %v", p, vp.name, err)
				}
				name := filepath.Join(dir, kind+"-"+vp.name+".png")
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s (%s): %s", p, vp.name, name)
			}
		}
	}
}

// keyPages picks the pages to screenshot, by kind: the project page, the
// first document, its first page with a scan and a disputed row (or else
// with a scan, or else its first page) and the first contributor.
func keyPages(t *testing.T, s site, m siteMap, tb *tab) map[string]string {
	t.Helper()
	key := map[string]string{"project": "index.html"}
	if len(m.people) > 0 {
		key["contributor"] = m.people[0]
	}
	if len(m.docs) == 0 {
		return key
	}
	d := m.docs[0]
	key["document"] = d.id + "/index.html"
	best, bestScore := "", -1
	for _, p := range d.pages {
		tb.load(d.pageFile(p))
		f := eval[pagePage](tb, pageJS)
		score := 0
		if f.Scan {
			score += 2
		}
		for _, r := range f.Rows {
			if deref(r.Status) == "disputed" {
				score++
				break
			}
		}
		if score > bestScore {
			best, bestScore = d.pageFile(p), score
		}
	}
	if best != "" {
		key["page"] = best
	}
	return key
}

// checkOverflow fails when the page is wider than the window, naming the
// elements that stick out; on a phone, the page must also be laid out at
// the phone's width (a viewport meta tag).
func checkOverflow(t *testing.T, tb *tab) {
	t.Helper()
	type layout struct {
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}
	l := eval[layout](tb, `(() => {
		const iw = Math.min(window.innerWidth, `+fmt.Sprint(tb.vp.width)+`);
		const name = el => el.localName + (el.id ? "#" + el.id : "") +
			(typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
		const wide = [];
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right > iw + 0.5 && ![...el.children].some(c => c.getBoundingClientRect().right > iw + 0.5)) {
				wide.push(name(el) + " (right edge " + Math.round(r.right) + ")");
				if (wide.length === 5) break;
			}
		}
		return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide};
	})()`)
	w := int(tb.vp.width)
	if l.InnerWidth != w {
		why := "no <meta name=\"viewport\" content=\"width=device-width\">, or content wider than the phone"
		if len(l.Wide) > 0 {
			why = "sticking out: " + strings.Join(l.Wide, ", ")
		}
		t.Errorf("%s (%s): laid out %d pixels wide in a %d-pixel window: %s", tb.page, tb.vp.name, l.InnerWidth, w, why)
	} else if l.ScrollWidth > l.InnerWidth {
		t.Errorf("%s (%s): overflows horizontally: %d pixels wide in a %d-pixel window; sticking out: %s", tb.page, tb.vp.name, l.ScrollWidth, l.InnerWidth, strings.Join(l.Wide, ", "))
	}
}
