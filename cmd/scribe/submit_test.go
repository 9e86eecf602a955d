package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
)

// TestRunSubmit submits a reading from standard input, in git's user's name.
func TestRunSubmit(t *testing.T) {
	dir := reviewProject(t)
	a, out, errOut := testApp(dir, "The quick brown fox\njumps over the lazy dog.\n")
	if err := runSubmit(context.Background(), &submitOptions{app: a, target: "bk/001", source: "-"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "added transcriptions/bk/001/readings/rev.txt\ncommitted ") || errOut.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(dir, "transcriptions", "bk", "001", "readings", "rev.txt"))
	if err != nil || string(got) != "The quick brown fox\njumps over the lazy dog.\n" {
		t.Errorf("reading = %q, %v", got, err)
	}
}

// TestRunSubmitActingFor: a maintainer submitting for someone is told so,
// and only when something was submitted.
func TestRunSubmitActingFor(t *testing.T) {
	dir := reviewProject(t)
	setGitUser(t, "Max", "max@example.org")

	a, out, errOut := testApp(dir, "bad\x00text\n")
	if err := runSubmit(context.Background(), &submitOptions{app: a, target: "bk/001", source: "-", as: "ann"}); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Fatalf("invalid text: %v", err)
	}
	if out.Len() != 0 || errOut.Len() != 0 {
		t.Errorf("a refused submission: stdout %q, stderr %q", out, errOut)
	}

	a, out, errOut = testApp(dir, "The quick brown fox\njumps over the lazy dog.\n")
	o := &submitOptions{app: a, target: "bk/001", source: "-", as: "ann", branch: branchDefault}
	if err := runSubmit(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if errOut.String() != "maintainer max acting for ann\n" || !strings.Contains(out.String(), "on reading/ann/bk-001 as ann") {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
}

// TestSubmitPushWithoutBranch: --push alone commits on the default new
// branch and pushes that; the current branch is neither moved nor pushed.
func TestSubmitPushWithoutBranch(t *testing.T) {
	dir := reviewProject(t)
	remote := t.TempDir()
	if _, err := git.PlainInit(remote, true); err != nil {
		t.Fatal(err)
	}
	local, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := local.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{remote}}); err != nil {
		t.Fatal(err)
	}
	headOf := func() string {
		h, err := local.Reference(plumbing.HEAD, false)
		if err != nil {
			t.Fatal(err)
		}
		at, err := local.Head() // fails on an unborn branch
		if err != nil {
			return h.String()
		}
		return h.String() + " at " + at.Hash().String()
	}
	head := headOf()
	text := filepath.Join(t.TempDir(), "page.txt")
	if err := os.WriteFile(text, []byte("The quick brown fox\njumps over the lazy dog.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	streams, out, errOut := TestIO("")
	if code := Main([]string{"-C", dir, "submit", "bk/001", text, "--push", "origin"}, streams); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), " on reading/rev/bk-001 as rev\npushed reading/rev/bk-001: open a pull request from it\n") {
		t.Errorf("stdout %q", out)
	}
	bare, err := git.PlainOpen(remote)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := bare.References()
	if err != nil {
		t.Fatal(err)
	}
	var pushed []string
	_ = refs.ForEach(func(r *plumbing.Reference) error {
		if r.Name().IsBranch() {
			pushed = append(pushed, r.Name().Short())
		}
		return nil
	})
	if strings.Join(pushed, " ") != "reading/rev/bk-001" {
		t.Errorf("the remote has branches %v, want reading/rev/bk-001 only", pushed)
	}
	if now := headOf(); now != head {
		t.Errorf("the current branch moved: %s to %s", head, now)
	}
	if _, err := os.Stat(filepath.Join(dir, "transcriptions", "bk", "001", "readings", "rev.txt")); !os.IsNotExist(err) {
		t.Errorf("the work tree got the reading: %v", err)
	}
}
