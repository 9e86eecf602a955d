package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

type initOptions struct {
	*app
	dir  string // the directory to make into a project
	site bool   // also write the workflow that publishes the site
}

func newInitCmd(a *app, runF func(context.Context, *initOptions) error) *cobra.Command {
	if runF == nil {
		runF = runInit
	}
	o := &initOptions{app: a}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Make a directory into a transcription project",
		Long: `Make DIR (default: the current directory) into a scribe project: it writes
transcriptions/project.toml, an example to edit, transcriptions/CONVENTIONS.md,
the transcription rules for volunteers, and in DIR a README.md that says what
the project is and how to read a page (to complete) and a .gitignore for editor
backups (*~, .*.swp, .#*) and the files operating systems leave (.DS_Store).
When DIR is not inside a git repository, a new one is created. An existing
project.toml is never overwritten; CONVENTIONS.md, README.md and .gitignore are
written only when absent.

At the top of a git repository it also writes the gate for GitHub:
.github/workflows/scribe-check.yml, which checks every pull request with
scribe check from the base branch's workflow and a scribe installed at this
scribe's version, and .github/CODEOWNERS, whose team you replace with your
maintainers'. Each is written only when absent. docs/security.md in scribe's
repository says what the gate guarantees and what branch protection must add.
With --site it also writes .github/workflows/scribe-site.yml, which builds the
project's web site with scribe site after every push to main and publishes it
with GitHub Pages (written only when absent; see docs/site.md).` + "\n" + exitStatusHelp,
		Example: `  scribe init
  scribe init my-edition
  scribe init --site`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.dir = "."
			if a.repoDir != "" {
				o.dir = a.repoDir
			}
			if len(argv) == 1 {
				o.dir = argv[0]
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.site, "site", false, "also write .github/workflows/scribe-site.yml, which publishes the project's web site with GitHub Pages")
	return cmd
}

// runInit writes the project files, makes a git repository when there is
// none, and at the top of one writes the gate workflow.
func runInit(_ context.Context, o *initOptions) error {
	dir := o.dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	written, err := layout.Init(dir)
	if err != nil {
		return err
	}
	more, err := writeAbsent(dir, map[string][]byte{readmeFile: project.ExampleReadme, gitignoreFile: project.ExampleGitignore})
	if err != nil {
		return err
	}
	written = append(written, more...)
	created, err := gitrepo.Ensure(dir)
	if err != nil {
		return err
	}
	top, err := isRepoTop(dir)
	if err != nil {
		return err
	}
	var note string
	if top {
		bi, ok := debug.ReadBuildInfo()
		gate, err := layout.InitGate(dir, project.GateWorkflow(pinnedVersion(bi, ok), goVersion(runtime.Version())), project.ExampleCodeowners)
		if err != nil {
			return err
		}
		written = append(written, gate...)
		if o.site {
			more, err := writeAbsent(dir, map[string][]byte{siteWorkflowPath: project.SiteWorkflow(pinnedVersion(bi, ok), goVersion(runtime.Version()))})
			if err != nil {
				return err
			}
			written = append(written, more...)
		}
	} else {
		note = "not written: the gate workflow, since GitHub reads workflows only at the top of the repository, and the project is below it"
	}
	w := o.io.Out
	if created {
		fmt.Fprintf(w, "created a git repository in %s\n", dir)
	}
	for _, f := range written {
		fmt.Fprintf(w, "wrote %s\n", f)
	}
	if note != "" {
		fmt.Fprintln(w, note)
	}
	fmt.Fprintln(w, "next: edit transcriptions/project.toml and README.md, then `scribe import DOCUMENT --title … FILE`")
	return nil
}

// The files init writes beside transcriptions/, at DIR.
const (
	siteWorkflowPath = ".github/workflows/scribe-site.yml"
	readmeFile       = "README.md"
	gitignoreFile    = ".gitignore"
)

// writeAbsent writes each file (a path relative to dir) that is not there
// yet, in name order, and returns those it wrote; one that exists, in any
// form, is kept as it is.
func writeAbsent(dir string, files map[string][]byte) ([]string, error) {
	r, err := layout.Open(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var written []string
	for _, name := range names {
		if _, err := os.Lstat(r.Abs(name)); !errors.Is(err, fs.ErrNotExist) {
			if err != nil {
				return written, err
			}
			continue
		}
		if err := r.WriteFile(name, files[name]); err != nil {
			return written, err
		}
		written = append(written, name)
	}
	return written, nil
}

// isRepoTop reports whether dir is the top of its git work tree.
func isRepoTop(dir string) (bool, error) {
	g, err := gitrepo.Open(dir)
	if err != nil {
		return false, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	here, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return false, err
	}
	top, err := filepath.EvalSymlinks(g.Root())
	if err != nil {
		return false, err
	}
	return here == top, nil
}

// pinnedVersion is the version of scribe that the gate workflow written by
// init installs, as `go install …/cmd/scribe@VERSION` takes it: the running
// binary's module version when it is a release tag (go install of a tag);
// otherwise the commit it was built from, when the build recorded one (a
// build in a clone); otherwise its pseudo-version, which also names a
// commit (go install of a branch or commit); otherwise this source's
// version constant as a tag.
func pinnedVersion(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "v" + version
	}
	// Compiled here rather than at start-up, which every verb pays for:
	// only init asks.
	//
	// taggedVersion is a module version that is a release tag: semantic
	// version, no build metadata (+dirty, +incompatible).
	taggedVersion := regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)
	// pseudoVersion is the tail of a pseudo-version: a time stamp and a
	// commit hash, which Go makes up for a commit without a tag.
	pseudoVersion := regexp.MustCompile(`[.-][0-9]{14}-[0-9a-f]{12}$`)
	v := bi.Main.Version
	if taggedVersion.MatchString(v) && !pseudoVersion.MatchString(v) {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && isCommitHash(s.Value) {
			return s.Value
		}
	}
	if taggedVersion.MatchString(v) {
		return v // a pseudo-version without build metadata
	}
	return "v" + version
}

// goVersion is the Go that the gate workflow sets up to install scribe: the
// release this binary was built with (so at least what scribe's go.mod
// asks for), or the latest stable release for a development toolchain.
func goVersion(runtimeVersion string) string {
	releasedGo := regexp.MustCompile(`^go([0-9]+\.[0-9]+(\.[0-9]+)?)$`)
	if m := releasedGo.FindStringSubmatch(runtimeVersion); m != nil {
		return m[1]
	}
	return "stable"
}

// isCommitHash reports whether s is a full SHA-1 or SHA-256 commit hash in
// lower-case hexadecimal.
func isCommitHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
