package main

// The simulated forge: a bare repository "origin" whose main starts as the
// repository under test (its work tree, uncommitted edits included), pull
// requests as GitHub keeps them (refs/pull/N/head and the test merge
// refs/pull/N/merge), the merge button, and the events GitHub sends.

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Person is someone on the forge: a contributor id of project.toml, a
// forge login and a git identity.
type Person struct {
	ID, Name, Email, Login string
}

// Forge is one simulated GitHub repository.
type Forge struct {
	Root   string // the folder of this simulation
	Origin string // the bare repository
	URL    string // how clones reach it
	Repo   string // owner/name
	Scribe string // scribe, built from the work tree under test
	// JobEnv is added to the runner machine's environment for every job
	// on this forge.
	JobEnv []string
	env    []string
	clock  int // commits get fixed, increasing dates
	prs    int
}

// NewForge makes origin, its main holding the files of src (a work tree:
// the files git would add, ignored ones left out) in one commit by by.
func NewForge(ctx context.Context, root, repo, src, scribe string, baseEnv []string, by Person) (*Forge, error) {
	f := &Forge{Root: root, Origin: filepath.Join(root, "origin.git"), Repo: repo, Scribe: scribe}
	f.URL = "file://" + f.Origin
	home := filepath.Join(root, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return nil, err
	}
	for _, kv := range baseEnv {
		if k, _, _ := strings.Cut(kv, "="); k != "HOME" {
			f.env = append(f.env, kv)
		}
	}
	f.env = append(f.env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "NO_COLOR=1")
	if _, err := f.run(ctx, root, "git", "-c", "init.defaultBranch=main", "init", "-q", "--bare", f.Origin); err != nil {
		return nil, err
	}
	for _, kv := range [][2]string{{"uploadpack.allowReachableSHA1InWant", "true"}, {"uploadpack.allowTipSHA1InWant", "true"}} {
		if _, err := f.run(ctx, f.Origin, "git", "config", kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	seed := filepath.Join(root, "seed")
	if err := snapshot(ctx, src, seed); err != nil {
		return nil, err
	}
	c := &Clone{Dir: seed, Who: by, f: f}
	for _, args := range [][]string{
		{"-c", "init.defaultBranch=main", "init", "-q"},
		{"config", "user.name", by.Name},
		{"config", "user.email", by.Email},
		{"remote", "add", "origin", f.URL},
		{"add", "-A"},
		{"commit", "-q", "-m", "The repository under test, as it is in the work tree"},
		{"push", "-q", "origin", "HEAD:refs/heads/main"},
	} {
		if _, err := c.Git(ctx, args...); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// snapshot copies the files of the work tree src that git would commit
// (tracked or untracked, not ignored) into dst.
func snapshot(ctx context.Context, src, dst string) error {
	out, err := exec.CommandContext(ctx, "git", "-C", src, "ls-files", "-z", "-co", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("git ls-files in %s: %w", src, err)
	}
	for rel := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if rel == "" {
			continue
		}
		from, to := filepath.Join(src, rel), filepath.Join(dst, rel)
		fi, err := os.Lstat(from)
		if err != nil {
			continue // deleted in the work tree
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(from)
			if err != nil {
				return err
			}
			if err := os.Symlink(target, to); err != nil {
				return err
			}
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(from)
			if err != nil {
				return err
			}
			if err := os.WriteFile(to, data, fi.Mode().Perm()|0o200); err != nil {
				return err
			}
		}
	}
	return nil
}

// run runs a command of the forge or of a person at the forge: git with no
// user or system configuration, and a fixed date for commits.
func (f *Forge) run(ctx context.Context, dir string, argv ...string) (string, error) {
	f.clock++
	date := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(f.clock) * time.Minute).Format(time.RFC3339)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, f.env...), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s (in %s): %w\n%s%s", strings.Join(argv, " "), dir, err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

// Tip is the commit a ref of origin names.
func (f *Forge) Tip(ctx context.Context, ref string) (string, error) {
	out, err := f.run(ctx, f.Origin, "git", "rev-parse", "--verify", ref+"^{commit}")
	return strings.TrimSpace(out), err
}

// FileAt is a file of a commit of origin.
func (f *Forge) FileAt(ctx context.Context, commit, rel string) ([]byte, error) {
	out, err := f.run(ctx, f.Origin, "git", "show", commit+":"+rel)
	return []byte(out), err
}

// Workflows are the workflow files of a commit, parsed.
func (f *Forge) Workflows(ctx context.Context, commit string) ([]*Workflow, error) {
	out, err := f.run(ctx, f.Origin, "git", "ls-tree", "--name-only", commit, ".github/workflows/")
	if err != nil {
		return nil, err
	}
	var ws []*Workflow
	for p := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		if !isWorkflowFile(p) {
			continue
		}
		data, err := f.FileAt(ctx, commit, p)
		if err != nil {
			return nil, err
		}
		w, err := ParseWorkflow(p, data)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	return ws, nil
}

// Clone is a person's clone of origin.
type Clone struct {
	Dir string
	Who Person
	f   *Forge
}

// Clone makes a clone of origin for who, with their git identity.
func (f *Forge) Clone(ctx context.Context, who Person, name string) (*Clone, error) {
	dir := filepath.Join(f.Root, "clones", name)
	if _, err := f.run(ctx, f.Root, "git", "clone", "-q", f.URL, dir); err != nil {
		return nil, err
	}
	c := &Clone{Dir: dir, Who: who, f: f}
	if _, err := c.Git(ctx, "config", "user.name", who.Name); err != nil {
		return nil, err
	}
	if _, err := c.Git(ctx, "config", "user.email", who.Email); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Clone) Git(ctx context.Context, args ...string) (string, error) {
	return c.f.run(ctx, c.Dir, append([]string{"git"}, args...)...)
}

// Scribe runs the scribe under test in the clone.
func (c *Clone) Scribe(ctx context.Context, args ...string) (string, error) {
	return c.f.run(ctx, c.Dir, append([]string{c.f.Scribe}, args...)...)
}

func (c *Clone) ReadFile(rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(c.Dir, filepath.FromSlash(rel)))
}

func (c *Clone) WriteFile(rel string, data []byte) error {
	p := filepath.Join(c.Dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// CommitAll commits every change of the work tree.
func (c *Clone) CommitAll(ctx context.Context, msg string) error {
	if _, err := c.Git(ctx, "add", "-A"); err != nil {
		return err
	}
	_, err := c.Git(ctx, "commit", "-q", "-m", msg)
	return err
}

func (c *Clone) Head(ctx context.Context) (string, error) {
	out, err := c.Git(ctx, "rev-parse", "HEAD")
	return strings.TrimSpace(out), err
}

// PushMain pushes the clone's HEAD to main, as a maintainer may, and
// returns main before and after.
func (c *Clone) PushMain(ctx context.Context) (before, after string, err error) {
	if before, err = c.f.Tip(ctx, "refs/heads/main"); err != nil {
		return "", "", err
	}
	if _, err = c.Git(ctx, "push", "-q", "origin", "HEAD:refs/heads/main"); err != nil {
		return "", "", err
	}
	after, err = c.f.Tip(ctx, "refs/heads/main")
	return before, after, err
}

// PR is an open pull request into main.
type PR struct {
	Number     int
	Author     Person
	HeadBranch string
	Head       string // refs/pull/N/head
	Base       string // main's tip when the event happens
	Merge      string // refs/pull/N/merge: the head merged into Base
}

// OpenPR opens a pull request from the clone's HEAD into main, as from a
// fork: the head is in origin only as refs/pull/N/head. GitHub's test
// merge of head into main's tip is refs/pull/N/merge.
func (f *Forge) OpenPR(ctx context.Context, c *Clone, branch string) (*PR, error) {
	f.prs++
	pr := &PR{Number: f.prs, Author: c.Who, HeadBranch: branch}
	var err error
	if pr.Head, err = c.Head(ctx); err != nil {
		return nil, err
	}
	if _, err := c.Git(ctx, "push", "-q", "origin", fmt.Sprintf("HEAD:refs/pull/%d/head", pr.Number)); err != nil {
		return nil, err
	}
	if pr.Base, err = f.Tip(ctx, "refs/heads/main"); err != nil {
		return nil, err
	}
	m, err := f.Clone(ctx, Person{Name: "GitHub", Email: "noreply@github.com"}, fmt.Sprintf("merge-ref-%d", pr.Number))
	if err != nil {
		return nil, err
	}
	for _, args := range [][]string{
		{"fetch", "-q", "origin", fmt.Sprintf("refs/pull/%d/head", pr.Number)},
		{"checkout", "-q", "--detach", pr.Base},
		{"merge", "-q", "--no-ff", "-m", fmt.Sprintf("Merge %s into %s", pr.Head, pr.Base), pr.Head},
		{"push", "-q", "origin", fmt.Sprintf("HEAD:refs/pull/%d/merge", pr.Number)},
	} {
		if _, err := m.Git(ctx, args...); err != nil {
			return nil, fmt.Errorf("the test merge of pull request #%d: %w", pr.Number, err)
		}
	}
	if pr.Merge, err = f.Tip(ctx, fmt.Sprintf("refs/pull/%d/merge", pr.Number)); err != nil {
		return nil, err
	}
	return pr, nil
}

// MergePR is the merge button: a merge commit of the head into main, by a
// maintainer. It returns main before and after, for the push event.
func (f *Forge) MergePR(ctx context.Context, pr *PR, by Person) (before, after string, err error) {
	m, err := f.Clone(ctx, by, fmt.Sprintf("merge-button-%d", pr.Number))
	if err != nil {
		return "", "", err
	}
	if _, err := m.Git(ctx, "fetch", "-q", "origin", fmt.Sprintf("refs/pull/%d/head", pr.Number)); err != nil {
		return "", "", err
	}
	msg := fmt.Sprintf("Merge pull request #%d from %s/%s", pr.Number, pr.Author.Login, pr.HeadBranch)
	if _, err := m.Git(ctx, "merge", "-q", "--no-ff", "-m", msg, pr.Head); err != nil {
		return "", "", err
	}
	return m.PushMain(ctx)
}

func (f *Forge) repository() map[string]any {
	owner, name, _ := strings.Cut(f.Repo, "/")
	return map[string]any{
		"full_name":      f.Repo,
		"name":           name,
		"owner":          map[string]any{"login": owner},
		"default_branch": "main",
		"clone_url":      "https://github.com/" + f.Repo + ".git",
		"private":        false,
	}
}

// PullRequestEvent is the event GitHub sends for a pull request, as
// pull_request or pull_request_target.
func (f *Forge) PullRequestEvent(name string, pr *PR, action string) *Event {
	fork := map[string]any{"full_name": pr.Author.Login + "/" + path.Base(f.Repo), "fork": true}
	payload := map[string]any{
		"action": action,
		"number": pr.Number,
		"pull_request": map[string]any{
			"number": pr.Number,
			"state":  "open",
			"title":  "Pull request " + fmt.Sprint(pr.Number),
			"user":   map[string]any{"login": pr.Author.Login, "type": "User"},
			"base":   map[string]any{"ref": "main", "sha": pr.Base, "label": strings.Split(f.Repo, "/")[0] + ":main", "repo": f.repository()},
			"head":   map[string]any{"ref": pr.HeadBranch, "sha": pr.Head, "label": pr.Author.Login + ":" + pr.HeadBranch, "repo": fork},
			"merged": false,
		},
		"repository": f.repository(),
		"sender":     map[string]any{"login": pr.Author.Login},
	}
	ev := &Event{Name: name, Action: action, Payload: payload, BaseRef: "main", HeadRef: pr.HeadBranch, Actor: pr.Author.Login}
	switch name {
	case "pull_request_target":
		// The base branch: its last commit, and its workflow files.
		ev.SHA, ev.Ref, ev.WorkflowSHA = pr.Base, "refs/heads/main", pr.Base
	default:
		// The test merge commit, and its workflow files: the pull request's.
		ev.SHA, ev.Ref, ev.WorkflowSHA = pr.Merge, fmt.Sprintf("refs/pull/%d/merge", pr.Number), pr.Merge
	}
	return ev
}

// PushEvent is the event for a push to main.
func (f *Forge) PushEvent(before, after string, pusher Person) *Event {
	payload := map[string]any{
		"ref":         "refs/heads/main",
		"before":      before,
		"after":       after,
		"created":     false,
		"deleted":     false,
		"forced":      false,
		"head_commit": map[string]any{"id": after},
		"pusher":      map[string]any{"name": pusher.Login, "email": pusher.Email},
		"repository":  f.repository(),
		"sender":      map[string]any{"login": pusher.Login},
	}
	return &Event{Name: "push", Payload: payload, SHA: after, Ref: "refs/heads/main", Actor: pusher.Login, WorkflowSHA: after}
}
