package sitetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// viewport is a window size the pages are looked at in.
type viewport struct {
	name          string
	width, height int64
	phone         bool
}

var (
	desktop = viewport{"desktop", 1280, 800, false}
	phone   = viewport{"phone", 375, 812, true}
)

// site is the site under test.
type site struct {
	dir     string
	fixture bool
}

// siteUnderTest returns the site that the tests run on.
func siteUnderTest(t *testing.T) site {
	t.Helper()
	dir, fixture, err := SiteDir()
	if err != nil {
		t.Fatal(err)
	}
	return site{dir: dir, fixture: fixture}
}

// url returns the file: URL of a page of the site, given by its path
// relative to the site's folder, with slashes.
func (s site) url(rel string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(s.dir, filepath.FromSlash(rel)))}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // a Windows drive letter
	}
	return u.String()
}

// rel returns the path, relative to the site's folder, of a file: URL
// inside it, without query or fragment, or "" when the URL is elsewhere.
func (s site) rel(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := filepath.FromSlash(u.Path)
	if len(p) > 2 && p[0] == filepath.Separator && p[2] == ':' {
		p = p[1:]
	}
	r, err := filepath.Rel(s.dir, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

// exists reports whether a path relative to the site's folder is a file.
func (s site) exists(rel string) bool {
	fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	return err == nil && !fi.IsDir()
}

// newBrowser starts headless Chromium for the test, or skips the test
// (fails it, when RequireChromiumEnv is 1) when there is none.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin, err := Chromium()
	if err != nil {
		if os.Getenv(RequireChromiumEnv) == "1" {
			t.Fatalf("Chromium is not installed and %s=1 requires it: install it (Debian: apt-get install chromium) or name it in %s", RequireChromiumEnv, ChromiumEnv)
		}
		t.Skipf("Chromium is not installed: the site is not tested in a browser; install it (Debian: apt-get install chromium) or name it in %s to run this test", ChromiumEnv)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("no-proxy-server", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return bctx
}

// tab is a browser tab at a viewport, which records what the pages it
// loads do that they must not: requests other than file: and data:,
// failed loads, console errors and uncaught exceptions.
type tab struct {
	t    *testing.T
	ctx  context.Context
	site site
	vp   viewport

	mu       sync.Mutex
	page     string // the page loaded last, relative to the site
	problems []string
}

// openTab opens a tab of the browser at the viewport; the test fails, at
// its end, on anything that the tab recorded.
func openTab(t *testing.T, bctx context.Context, s site, vp viewport) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	tb := &tab{t: t, ctx: ctx, site: s, vp: vp}
	t.Cleanup(func() {
		tb.mu.Lock()
		for _, p := range tb.problems {
			t.Error(p)
		}
		tb.problems = nil
		tb.mu.Unlock()
		cancelTimeout()
		cancel()
	})
	if err := chromedp.Listen(ctx, tb.record); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	opts := []chromedp.EmulateViewportOption{}
	if vp.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...)); err != nil {
		t.Fatalf("setting the viewport to %s: %v", vp.name, err)
	}
	return tb
}

// record is the tab's listener; it runs on the tab's reading goroutine.
func (tb *tab) record(ev any) {
	var p string
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if !offline(ev.Request.URL) {
			p = fmt.Sprintf("request off the page: %s", ev.Request.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			p = fmt.Sprintf("a %s failed to load: %s", ev.Type, ev.ErrorText)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p = fmt.Sprintf("uncaught exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = fmt.Sprintf("browser log error: %s %s", ev.Entry.Text, ev.Entry.URL)
		}
	}
	if p == "" {
		return
	}
	tb.mu.Lock()
	tb.problems = append(tb.problems, fmt.Sprintf("%s (%s): %s", tb.page, tb.vp.name, p))
	tb.mu.Unlock()
}

// offline reports whether a request's URL stays on the machine: file: and
// data: only.
func offline(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "file" || u.Scheme == "data")
}

// load navigates the tab to a page of the site, relative to its folder.
func (tb *tab) load(rel string) {
	tb.t.Helper()
	tb.mu.Lock()
	tb.page = rel
	tb.mu.Unlock()
	if !tb.site.exists(rel) {
		tb.t.Fatalf("%s: no such page in %s", rel, tb.site.dir)
	}
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(tb.site.url(rel))); err != nil {
		tb.t.Fatalf("loading %s: %v", rel, err)
	}
}

// eval evaluates a JavaScript expression in the tab's page and decodes its
// value into T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("%s (%s): evaluating %s: %v", tb.page, tb.vp.name, firstLine(expr), err)
	}
	return v
}

// do runs actions in the tab.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.t.Fatalf("%s (%s): %s: %v", tb.page, tb.vp.name, what, err)
	}
}

// mouseTo moves the mouse onto the centre of the element that the
// JavaScript expression gives, after scrolling it into the middle of the
// window.
func (tb *tab) mouseTo(element string) {
	tb.t.Helper()
	type point struct{ X, Y float64 }
	p := eval[*point](tb, fmt.Sprintf(`(() => {
		const el = %s;
		if (!el) return null;
		el.scrollIntoView({block: "center", inline: "center"});
		const r = el.getBoundingClientRect();
		return {X: r.left + r.width / 2, Y: r.top + r.height / 2};
	})()`, element))
	if p == nil {
		tb.t.Fatalf("%s: no element %s", tb.page, element)
	}
	tb.do("moving the mouse onto "+element, chromedp.MouseEvent(chromedp.MouseMoved, p.X, p.Y))
}

// firstLine is the first line of s, for messages.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// screenshotDir is the folder that receives the screenshots.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(ScreenshotsEnv)
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
