package main

// Scenario 5: the gate that `scribe init` writes, in a repository that holds
// transcriptions but not scribe's source. Its workflow installs scribe with
// go install at the version it pins; here a module proxy on disk serves
// that version made from the work tree under test, so that the workflow
// runs as written, with nothing of it stubbed.

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

const (
	scribeModule = "github.com/scribe-transcription/scribe"
	gateYML      = ".github/workflows/scribe-check.yml"
)

func scenarioInit(ctx context.Context, s *Sim) (string, error) {
	s.n++
	root := filepath.Join(s.root, fmt.Sprintf("%02d-init", s.n))
	seed := filepath.Join(root, "edition")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	if _, err := s.run(ctx, root, s.scribe, "init", seed); err != nil {
		return "", err
	}
	wf, err := os.ReadFile(filepath.Join(seed, filepath.FromSlash(gateYML)))
	if err != nil {
		return "", fmt.Errorf("scribe init wrote no %s: %w", gateYML, err)
	}
	m := regexp.MustCompile(`(?m)^  SCRIBE_VERSION: "([^"]+)"`).FindSubmatch(wf)
	if m == nil {
		return "", fmt.Errorf("%s pins no SCRIBE_VERSION", gateYML)
	}
	version := string(m[1])
	proxy := filepath.Join(root, "proxy")
	if err := s.moduleProxy(ctx, proxy, version); err != nil {
		return "", err
	}

	// The maintainers' first commit: scribe init's files, a document of
	// two pages imported from OCR text, and the people.
	ocr := filepath.Join(root, "ocr.txt")
	if err := os.WriteFile(ocr, []byte(editionOCR), 0o644); err != nil {
		return "", err
	}
	if _, err := s.run(ctx, seed, s.scribe, "import", "pamphlet", "--title", "A Pamphlet", ocr); err != nil {
		return "", err
	}
	toml, err := os.ReadFile(filepath.Join(seed, "transcriptions", "project.toml"))
	if err != nil {
		return "", err
	}
	toml = append(toml, []byte("\n[people.maintainers]\nrole = \"maintainer\"\n")...)
	toml = append(toml, peopleTOML...)
	if err := os.WriteFile(filepath.Join(seed, "transcriptions", "project.toml"), toml, 0o644); err != nil {
		return "", err
	}
	f, err := NewForge(ctx, filepath.Join(root, "forge"), "example-org/edition", seed, s.scribe, s.baseEnv, maintainer)
	if err != nil {
		return "", err
	}
	modcache, err := privateModcache(root)
	if err != nil {
		return "", err
	}
	goproxy := "file://" + proxy + ",file://" + filepath.Join(goEnv(s.baseEnv, "GOMODCACHE"), "cache", "download")
	if p := goEnv(s.baseEnv, "GOPROXY"); p != "" {
		goproxy += "," + p
	}
	f.JobEnv = []string{"GOPROXY=" + goproxy, "GONOSUMDB=" + scribeModule, "GOMODCACHE=" + modcache, "GOFLAGS=-modcacherw " + goEnv(s.baseEnv, "GOFLAGS"), "GOTOOLCHAIN=local"}

	// A contributor's reading: the gate passes.
	c, err := f.Clone(ctx, alice, "alice")
	if err != nil {
		return "", err
	}
	if _, err := c.Git(ctx, "checkout", "-q", "-b", "reading/alice/pamphlet-001"); err != nil {
		return "", err
	}
	reading := filepath.Join(root, "alice-001.txt")
	if err := os.WriteFile(reading, []byte(aliceEditionReading), 0o644); err != nil {
		return "", err
	}
	if _, err := c.Scribe(ctx, "submit", "pamphlet/001", reading, "--as", "alice"); err != nil {
		return "", err
	}
	pr, err := f.OpenPR(ctx, c, "reading/alice/pamphlet-001")
	if err != nil {
		return "", err
	}
	o, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request_target", pr, "opened"), gateYML)
	if err != nil {
		return "", err
	}
	if err := wantStarted(o, "scribe-check.yml/gate"); err != nil {
		return "", err
	}
	res, err := wantVerdict(o, "gate", true)
	if err != nil {
		return "", fmt.Errorf("alice-gh's reading: %w", err)
	}
	if err := wantSummary(res, "scribe check passed"); err != nil {
		return "", err
	}
	if !strings.Contains(res.Log, "go install") || strings.Contains(res.Log, "./cmd/scribe") {
		return "", fmt.Errorf("the gate did not install the pinned scribe with go install\n%s", describe(res))
	}

	// A hostile pull request that disarms the workflow: the base's fails it.
	h, err := f.Clone(ctx, alice, "alice-hostile")
	if err != nil {
		return "", err
	}
	if _, err := h.Git(ctx, "checkout", "-q", "-b", "tidy"); err != nil {
		return "", err
	}
	yml, err := h.ReadFile(gateYML)
	if err != nil {
		return "", err
	}
	disarmed, err := disarm(yml)
	if err != nil {
		return "", err
	}
	if err := h.WriteFile(gateYML, disarmed); err != nil {
		return "", err
	}
	if err := h.CommitAll(ctx, "Tidy the workflow"); err != nil {
		return "", err
	}
	pr2, err := f.OpenPR(ctx, h, "tidy")
	if err != nil {
		return "", err
	}
	o2, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request_target", pr2, "synchronize"), gateYML)
	if err != nil {
		return "", err
	}
	res2, err := wantVerdict(o2, "gate", false)
	if err != nil {
		return "", fmt.Errorf("the hostile pull request: %w", err)
	}
	if err := wantAnnotation(res2, `^::error file=`+regexp.QuoteMeta(gateYML)+`[,:].*scope`); err != nil {
		return "", err
	}

	// The merge of the reading, and the push to main: the tree job passes.
	before, after, err := f.MergePR(ctx, pr, maintainer)
	if err != nil {
		return "", err
	}
	o3, err := s.Simulate(ctx, f, f.PushEvent(before, after, maintainer), gateYML)
	if err != nil {
		return "", err
	}
	if err := wantStarted(o3, "scribe-check.yml/tree"); err != nil {
		return "", err
	}
	res3, err := wantVerdict(o3, "tree", true)
	if err != nil {
		return "", fmt.Errorf("the push after the merge: %w", err)
	}
	return fmt.Sprintf("scribe init's %s, installing scribe@%s: reading passed (%s), disarming the workflow failed (scope), push after the merge passed (%s)", filepath.Base(gateYML), version, counts(res), counts(res3)), nil
}

const editionOCR = "A PAMPHLET\n\nThe first page of the pamph1et, as the\nOCR read it, with a mistake or two.\n\f" +
	"The second page, which\nnobody has read yet.\n"

const aliceEditionReading = "A PAMPHLET\n\nThe first page of the pamphlet, as the\nOCR read it, with a mistake or two.\n"

func goEnv(env []string, key string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

// privateModcache is a module cache of this run's own, in the
// simulation's folder. It must be new every run: the go command takes a
// module version in a module cache for immutable and reuses what it built
// from that path, but every run serves scribe's work tree under the same
// version, so a cache kept between runs would build stale code.
func privateModcache(root string) (string, error) {
	dir := filepath.Join(root, "modcache")
	return dir, os.MkdirAll(dir, 0o755)
}

// moduleProxy writes a module proxy (GOPROXY=file://…) that serves scribe
// at version, made of the files of the work tree that git would commit, as
// a module zip has them (no nested modules).
func (s *Sim) moduleProxy(ctx context.Context, dir, version string) error {
	if !regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`).MatchString(version) {
		return fmt.Errorf("scribe init pinned %q, which the simulator's proxy cannot serve (only a semantic version; its scribe is built with -buildvcs=false)", version)
	}
	out, err := exec.CommandContext(ctx, "git", "-C", s.repo, "ls-files", "-z", "-co", "--exclude-standard").Output()
	if err != nil {
		return err
	}
	var files, nested []string
	for rel := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if fi, err := os.Lstat(filepath.Join(s.repo, rel)); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if filepath.Base(rel) == "go.mod" && rel != "go.mod" {
			nested = append(nested, filepath.Dir(rel)+"/")
		}
		files = append(files, rel)
	}
	at := filepath.Join(dir, filepath.FromSlash(scribeModule), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		return err
	}
	zf, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		return err
	}
	defer zf.Close()
	zw := zip.NewWriter(zf)
files:
	for _, rel := range files {
		for _, n := range nested {
			if strings.HasPrefix(rel, n) {
				continue files
			}
		}
		data, err := os.ReadFile(filepath.Join(s.repo, rel))
		if err != nil {
			return err
		}
		w, err := zw.Create(scribeModule + "@" + version + "/" + rel)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(s.repo, "go.mod"))
	if err != nil {
		return err
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": "2026-01-01T00:00:00Z"})
	for name, data := range map[string][]byte{"list": []byte(version + "\n"), version + ".mod": gomod, version + ".info": info} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
