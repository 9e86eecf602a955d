package main

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden files of the scripts from the actual output")

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(Main(os.Args[1:], SystemIO()))
	}
	testscript.Main(m, map[string]func(){
		"scribe": func() { os.Exit(Main(os.Args[1:], SystemIO())) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each runs the
// real scribe binary in a scratch directory and compares its output.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("HOME", env.WorkDir)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitCode,
			"mkline":    cmdMkline,
			"gitcommit": cmdGitCommit,
			"gitbranch": cmdGitBranch,
			"gituser":   cmdGitUser,
		},
	})
}

// gituser NAME EMAIL makes NAME <EMAIL> git's user for what follows, in
// $HOME/.gitconfig; gituser alone removes it, leaving git without a user.
// An empty NAME or EMAIL is left unset.
func cmdGitUser(ts *testscript.TestScript, neg bool, args []string) {
	if neg || (len(args) != 0 && len(args) != 2) {
		ts.Fatalf("usage: gituser [NAME EMAIL]")
	}
	path := filepath.Join(ts.Getenv("HOME"), ".gitconfig")
	if len(args) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			ts.Fatalf("gituser: %v", err)
		}
		return
	}
	cfg := "[user]\n"
	if args[0] != "" {
		cfg += "\tname = " + args[0] + "\n"
	}
	if args[1] != "" {
		cfg += "\temail = " + args[1] + "\n"
	}
	ts.Check(os.WriteFile(path, []byte(cfg), 0o644))
}

// exitcode N PROG ARGS... runs PROG and asserts that it exits with status N,
// keeping its stdout and stderr for the commands that follow.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program args...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// mkline FILE N writes a file holding one line of N letters, for inputs too
// large to keep in a script.
func cmdMkline(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkline FILE N")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("mkline: %v", err)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat("x", n)+"\n"), 0o644))
}

// gitcommit NAME EMAIL DATE MESSAGE PATH... stages the paths (files or
// folders; one that no longer exists is staged as deleted) and commits
// them with go-git, by NAME <EMAIL> as author and committer at DATE
// (RFC 3339), so that scripts make history without a git binary. \n in
// MESSAGE is a line break.
func cmdGitCommit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 5 {
		ts.Fatalf("usage: gitcommit NAME EMAIL DATE MESSAGE PATH...")
	}
	when, err := time.Parse(time.RFC3339, args[2])
	if err != nil {
		ts.Fatalf("gitcommit: %v", err)
	}
	g, err := git.PlainOpenWithOptions(ts.MkAbs("."), &git.PlainOpenOptions{DetectDotGit: true})
	ts.Check(err)
	wt, err := g.Worktree()
	ts.Check(err)
	root := wt.Filesystem.Root()
	for _, p := range args[4:] {
		rel, err := filepath.Rel(root, ts.MkAbs(p))
		ts.Check(err)
		rel = filepath.ToSlash(rel)
		paths := []string{rel}
		if _, err := os.Lstat(ts.MkAbs(p)); errors.Is(err, fs.ErrNotExist) {
			// Gone: stage the deletion of every file the index has there.
			idx, err := g.Storer.Index()
			ts.Check(err)
			paths = nil
			for _, e := range idx.Entries {
				if e.Name == rel || strings.HasPrefix(e.Name, rel+"/") {
					paths = append(paths, e.Name)
				}
			}
			if len(paths) == 0 {
				ts.Fatalf("gitcommit: %s neither exists nor is staged", p)
			}
		}
		for _, q := range paths {
			_, err := wt.Add(q)
			ts.Check(err)
		}
	}
	sig := &object.Signature{Name: args[0], Email: args[1], When: when}
	msg := strings.ReplaceAll(args[3], `\n`, "\n")
	_, err = wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	ts.Check(err)
}

// gitbranch NAME makes a branch NAME at HEAD's commit and the current
// branch, leaving the index and the work tree as they are (git switch -c
// NAME), with go-git.
func cmdGitBranch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gitbranch NAME")
	}
	g, err := git.PlainOpenWithOptions(ts.MkAbs("."), &git.PlainOpenOptions{DetectDotGit: true})
	ts.Check(err)
	head, err := g.Head()
	ts.Check(err)
	name := plumbing.NewBranchReferenceName(args[0])
	if _, err := g.Reference(name, false); err == nil {
		ts.Fatalf("gitbranch: branch %s exists", args[0])
	}
	ts.Check(g.Storer.SetReference(plumbing.NewHashReference(name, head.Hash())))
	ts.Check(g.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, name)))
}
