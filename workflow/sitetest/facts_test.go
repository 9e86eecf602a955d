package sitetest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// ref is a URL that a page's markup refers to.
type ref struct {
	Tag      string `json:"tag"`
	Attr     string `json:"attr"`
	Value    string `json:"value"`
	Resolved string `json:"resolved"`
}

// common are the facts that every page has.
type common struct {
	Main     bool  `json:"main"`
	Skip     bool  `json:"skip"`
	NavLinks int   `json:"navLinks"`
	Refs     []ref `json:"refs"`
}

const commonJS = `(() => {
	const refs = [];
	for (const el of document.querySelectorAll("[src], [href], [srcset], [poster], [data], [action]")) {
		for (const attr of ["src", "href", "srcset", "poster", "data", "action"]) {
			const v = el.getAttribute(attr);
			if (v === null) continue;
			const vals = attr === "srcset" ? v.split(",").map(s => s.trim().split(/\s+/)[0]).filter(s => s) : [v];
			for (const one of vals) {
				let resolved = "";
				try { resolved = new URL(one, document.baseURI).href; } catch (e) { resolved = "invalid:" + one; }
				refs.push({tag: el.localName, attr, value: one, resolved});
			}
		}
	}
	return {
		main: !!document.querySelector("main#main"),
		skip: !!document.querySelector('a.skip[href="#main"]'),
		navLinks: document.querySelectorAll("nav a[href]").length,
		refs,
	};
})()`

// checkCommon checks what the contract asks of every page: a main, a skip
// link, a nav with links; no URL off the page except links to click; no
// link to a missing file.
func checkCommon(t *testing.T, tb *tab) {
	t.Helper()
	c := eval[common](tb, commonJS)
	if !c.Main {
		t.Errorf("%s: no <main id=\"main\">", tb.page)
	}
	if !c.Skip {
		t.Errorf("%s: no skip link <a href=\"#main\" class=\"skip\">", tb.page)
	}
	if c.NavLinks == 0 {
		t.Errorf("%s: no <nav> with links", tb.page)
	}
	for _, r := range c.Refs {
		u, err := url.Parse(r.Resolved)
		switch {
		case err != nil:
			t.Errorf("%s: <%s %s=%q>: not a URL", tb.page, r.Tag, r.Attr, r.Value)
		case u.Scheme == "data":
		case u.Scheme == "file":
			rel := tb.site.rel(r.Resolved)
			if rel == "" {
				t.Errorf("%s: <%s %s=%q> points outside the site", tb.page, r.Tag, r.Attr, r.Value)
			} else if !tb.site.exists(rel) {
				t.Errorf("%s: <%s %s=%q>: %s does not exist", tb.page, r.Tag, r.Attr, r.Value, rel)
			}
		case r.Tag == "a" && r.Attr == "href" && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto"):
			// a link the reader may click
		default:
			t.Errorf("%s: <%s %s=%q>: a URL off the page that is not a link", tb.page, r.Tag, r.Attr, r.Value)
		}
	}
}

// line is a line of a document's canonical text.
type line struct {
	Page string `json:"page"`
	Row  string `json:"row"`
	Text string `json:"text"`
}

// document are the facts of a document page.
type document struct {
	Search     bool   `json:"search"`
	SearchType string `json:"searchType"`
	Count      bool   `json:"count"`
	List       bool   `json:"list"`
	Lines      []line `json:"lines"`
}

const documentJS = `(() => {
	const input = document.querySelector("input#search");
	return {
		search: !!input,
		searchType: input ? input.getAttribute("type") || "" : "",
		count: !!document.querySelector("p#search-count"),
		list: !!document.querySelector("ol#text"),
		lines: [...document.querySelectorAll("ol#text > li.line")].map(li => ({
			page: li.getAttribute("data-page") || "",
			row: li.getAttribute("data-row") || "",
			text: li.textContent,
		})),
	};
})()`

// visibleLinesJS says, line by line, whether a line of the text shows.
const visibleLinesJS = `[...document.querySelectorAll("ol#text > li.line")].map(li =>
	li.getClientRects().length > 0 && getComputedStyle(li).visibility !== "hidden")`

// doc is a document of the site: its id, its lines and its pages in the
// order of the text.
type doc struct {
	id    string
	lines []line
	pages []string
}

// pageFile is the page page of a document's page, relative to the site.
func (d doc) pageFile(page string) string { return d.id + "/" + page + ".html" }

// siteMap is what the project and document pages say the site holds.
type siteMap struct {
	docs   []doc
	people []string // contributor pages, relative to the site
}

// discover reads the site's map from its project and document pages, and
// its contributor pages from people/.
func discover(t *testing.T, tb *tab) siteMap {
	t.Helper()
	var m siteMap
	tb.load("index.html")
	type docRow struct {
		Doc   string   `json:"doc"`
		Links []string `json:"links"`
	}
	rows := eval[[]docRow](tb, `[...document.querySelectorAll("table#documents tr[data-doc]")].map(tr => ({
		doc: tr.getAttribute("data-doc"),
		links: [...tr.querySelectorAll("a[href]")].map(a => a.href),
	}))`)
	if len(rows) == 0 {
		t.Fatalf("index.html: no <tr data-doc> in <table id=\"documents\">")
	}
	for _, r := range rows {
		index := r.Doc + "/index.html"
		linked := false
		for _, l := range r.Links {
			if tb.site.rel(l) == index {
				linked = true
			}
		}
		if !linked {
			t.Errorf("index.html: the row of %s does not link to %s", r.Doc, index)
		}
		m.docs = append(m.docs, doc{id: r.Doc})
	}
	for i := range m.docs {
		d := &m.docs[i]
		tb.load(d.id + "/index.html")
		f := eval[document](tb, documentJS)
		d.lines = f.Lines
		seen := map[string]bool{}
		for _, l := range f.Lines {
			if l.Page != "" && !seen[l.Page] {
				seen[l.Page] = true
				d.pages = append(d.pages, l.Page)
			}
		}
	}
	people, err := filepath.Glob(filepath.Join(tb.site.dir, "people", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(people)
	for _, p := range people {
		m.people = append(m.people, "people/"+filepath.Base(p))
	}
	return m
}

// allPages lists every page of the site, relative to its folder: the
// project page, then each document's page and page pages, then the
// contributors.
func (m siteMap) allPages() []string {
	all := []string{"index.html"}
	for _, d := range m.docs {
		all = append(all, d.id+"/index.html")
		for _, p := range d.pages {
			all = append(all, d.pageFile(p))
		}
	}
	return append(all, m.people...)
}

// row is a row of a page page.
type row struct {
	Row       *string   `json:"row"`
	ID        string    `json:"id"`
	Status    *string   `json:"status"`
	Tabindex  *string   `json:"tabindex"`
	Variants  []variant `json:"variants"`
	Consensus *string   `json:"consensus"`
	Decisions []struct {
		By     *string `json:"by"`
		Commit *string `json:"commit"`
	} `json:"decisions"`
}

type variant struct {
	Readings *string `json:"readings"`
	Text     string  `json:"text"`
}

// pagePage are the facts of a page page.
type pagePage struct {
	RowsList  bool     `json:"rowsList"`
	Rows      []row    `json:"rows"`
	AllRows   int      `json:"allRows"`
	Scan      bool     `json:"scan"`
	Img       bool     `json:"img"`
	ImgLoaded bool     `json:"imgLoaded"`
	SVG       bool     `json:"svg"`
	Boxes     []box    `json:"boxes"`
	Prev      []string `json:"prev"`
	Next      []string `json:"next"`
}

type box struct {
	Row    *string `json:"row"`
	InScan bool    `json:"inScan"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

const pageJS = `(() => {
	const text = el => el ? el.textContent.replace(/\s+/g, " ").trim() : null;
	const scan = document.querySelector("figure#scan");
	const img = scan && scan.querySelector("img");
	return {
		rowsList: !!document.querySelector("ol#rows"),
		rows: [...document.querySelectorAll("ol#rows > li.row")].map(li => ({
			row: li.getAttribute("data-row"),
			id: li.id,
			status: li.getAttribute("data-status"),
			tabindex: li.getAttribute("tabindex"),
			variants: [...li.querySelectorAll("ul.variants > li.variant")].map(v => ({
				readings: v.getAttribute("data-readings"), text: text(v),
			})),
			consensus: text(li.querySelector("p.consensus")),
			decisions: [...li.querySelectorAll("p.decision")].map(d => ({
				by: d.getAttribute("data-by"), commit: d.getAttribute("data-commit"),
			})),
		})),
		allRows: document.querySelectorAll("li.row").length,
		scan: !!scan,
		img: !!img,
		imgLoaded: !!img && img.complete && img.naturalWidth > 0,
		svg: !!(scan && scan.querySelector("svg")),
		boxes: [...document.querySelectorAll("rect.box")].map(b => {
			const r = b.getBoundingClientRect();
			return {row: b.getAttribute("data-row"), inScan: !!(scan && scan.contains(b)), width: r.width, height: r.height};
		}),
		prev: [...document.querySelectorAll('a[rel~="prev"]')].map(a => a.href),
		next: [...document.querySelectorAll('a[rel~="next"]')].map(a => a.href),
	};
})()`

var (
	statuses = map[string]bool{"unanimous": true, "majority": true, "disputed": true, "single": true}
	commitRE = regexp.MustCompile(`^[0-9a-f]{7,64}$`)
)

// checkPage checks a page page's facts against the contract.
func checkPage(t *testing.T, name string, f pagePage) {
	t.Helper()
	if !f.RowsList {
		t.Errorf("%s: no <ol id=\"rows\">", name)
	}
	if len(f.Rows) == 0 {
		t.Errorf("%s: no <li class=\"row\"> in <ol id=\"rows\">", name)
	}
	if f.AllRows != len(f.Rows) {
		t.Errorf("%s: %d li.row, of which %d in <ol id=\"rows\">", name, f.AllRows, len(f.Rows))
	}
	rows := map[string]bool{}
	for i, r := range f.Rows {
		if r.Row == nil || *r.Row == "" {
			t.Errorf("%s: row %d has no data-row", name, i+1)
			continue
		}
		n := *r.Row
		where := fmt.Sprintf("%s: row %s", name, n)
		if rows[n] {
			t.Errorf("%s: twice on the page", where)
		}
		rows[n] = true
		if r.ID != "row-"+n {
			t.Errorf("%s: id %q, want %q", where, r.ID, "row-"+n)
		}
		if r.Tabindex == nil || *r.Tabindex != "0" {
			t.Errorf("%s: tabindex %v, want 0", where, deref(r.Tabindex))
		}
		if r.Status == nil || !statuses[*r.Status] {
			t.Errorf("%s: data-status %v, want unanimous, majority, disputed or single", where, deref(r.Status))
		}
		if r.Status != nil && *r.Status == "disputed" {
			if len(r.Variants) < 2 {
				t.Errorf("%s: disputed, with %d variants in <ul class=\"variants\">, want 2 or more", where, len(r.Variants))
			}
			if r.Consensus == nil {
				t.Errorf("%s: disputed, without <p class=\"consensus\">", where)
			}
		}
		readings := map[string]bool{}
		for _, v := range r.Variants {
			if v.Readings == nil || strings.TrimSpace(*v.Readings) == "" {
				t.Errorf("%s: variant %q has no data-readings", where, v.Text)
				continue
			}
			for _, id := range strings.Fields(*v.Readings) {
				if readings[id] {
					t.Errorf("%s: reading %s in two variants", where, id)
				}
				readings[id] = true
			}
		}
		for _, d := range r.Decisions {
			if d.By == nil || strings.TrimSpace(*d.By) == "" {
				t.Errorf("%s: a decision without data-by", where)
			}
			if d.Commit == nil {
				t.Errorf("%s: a decision without data-commit", where)
			} else if *d.Commit != "" && !commitRE.MatchString(*d.Commit) {
				t.Errorf("%s: a decision's data-commit %q is not a commit", where, *d.Commit)
			}
		}
	}
	if f.Scan {
		if !f.Img {
			t.Errorf("%s: <figure id=\"scan\"> without <img>", name)
		} else if !f.ImgLoaded {
			t.Errorf("%s: the scan's image did not load", name)
		}
		if !f.SVG {
			t.Errorf("%s: <figure id=\"scan\"> without an <svg> overlay", name)
		}
	}
	for _, b := range f.Boxes {
		switch {
		case b.Row == nil || !rows[*b.Row]:
			t.Errorf("%s: a rect.box with data-row %v, which is no row of the page", name, deref(b.Row))
		case !b.InScan:
			t.Errorf("%s: the box of row %s is outside <figure id=\"scan\">", name, *b.Row)
		case b.Width <= 0 || b.Height <= 0:
			t.Errorf("%s: the box of row %s has no area on the page (%gx%g)", name, *b.Row, b.Width, b.Height)
		}
	}
}

// summary writes a page's rows the way the fixture's expectations do:
// "N status", then the variants' readings, "consensus", and "by=REVIEWER"
// for each decision.
func (f pagePage) summary() []string {
	var out []string
	for _, r := range f.Rows {
		s := deref(r.Row) + " " + deref(r.Status)
		if len(r.Variants) > 0 {
			var vs []string
			for _, v := range r.Variants {
				vs = append(vs, deref(v.Readings))
			}
			s += " variants=" + strings.Join(vs, "|")
		}
		if r.Consensus != nil {
			s += " consensus"
		}
		for _, d := range r.Decisions {
			s += " by=" + deref(d.By)
		}
		out = append(out, s)
	}
	return out
}

// boxRows lists the rows that have a box, in the order of the boxes, once
// each.
func (f pagePage) boxRows() []string {
	var out []string
	seen := map[string]bool{}
	for _, b := range f.Boxes {
		if b.Row != nil && !seen[*b.Row] {
			seen[*b.Row] = true
			out = append(out, *b.Row)
		}
	}
	return out
}

// boxCount is how many boxes a row has.
func (f pagePage) boxCount(n string) int {
	c := 0
	for _, b := range f.Boxes {
		if b.Row != nil && *b.Row == n {
			c++
		}
	}
	return c
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

// activeJS lists the rows and boxes that have the class active, as
// "row:N" and "box:N".
const activeJS = `[...document.querySelectorAll("li.row.active, rect.box.active")].map(el =>
	(el.localName === "rect" ? "box:" : "row:") + el.getAttribute("data-row")).sort()`

// wantActive is what activeJS should give when row n is highlighted.
func (f pagePage) wantActive(n string) []string {
	out := []string{"row:" + n}
	for i := 0; i < f.boxCount(n); i++ {
		out = append(out, "box:"+n)
	}
	sort.Strings(out)
	return out
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// normalize is text as a search compares it: spaces collapsed, trimmed.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// matches counts the lines that contain the phrase, ignoring case or not.
func matches(lines []line, phrase string, foldCase bool) []bool {
	out := make([]bool, len(lines))
	for i, l := range lines {
		text := normalize(l.Text)
		if foldCase {
			out[i] = strings.Contains(strings.ToLower(text), strings.ToLower(phrase))
		} else {
			out[i] = strings.Contains(text, phrase)
		}
	}
	return out
}

func count(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// pickPhrase picks a phrase of two or three words of the canonical text
// that some lines contain and others not, the same with case or without,
// so that any reasonable search finds exactly those lines.
func pickPhrase(lines []line) (string, []bool, bool) {
	word := func(w string) bool {
		for _, r := range w {
			if !unicode.IsLetter(r) {
				return false
			}
		}
		return w != ""
	}
	for _, k := range []int{2, 3} {
		for _, l := range lines {
			ws := strings.Fields(l.Text)
			for j := 0; j+k <= len(ws); j++ {
				ok := true
				for _, w := range ws[j : j+k] {
					ok = ok && word(w)
				}
				phrase := strings.Join(ws[j:j+k], " ")
				if !ok || len(phrase) < 5 {
					continue
				}
				fold, exact := matches(lines, phrase, true), matches(lines, phrase, false)
				n := count(fold)
				if n > 0 && (n < len(lines) || len(lines) == 1) && n == count(exact) {
					return phrase, fold, true
				}
			}
		}
	}
	return "", nil, false
}

// numberRE finds a number as a whole in a text.
func hasNumber(text string, n int) bool {
	return regexp.MustCompile(`(^|\D)` + fmt.Sprint(n) + `(\D|$)`).MatchString(text)
}

// pageOf is the document and page of a page file like DOC/PAGE.html.
func pageOf(rel string) (docID, page string) {
	dir, file := path.Split(rel)
	return strings.TrimSuffix(dir, "/"), strings.TrimSuffix(file, ".html")
}
