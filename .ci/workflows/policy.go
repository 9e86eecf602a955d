package main

// The rules every workflow of the gate keeps, checked on the files
// themselves: what the scenarios cannot show by running them.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// scenarioPolicy checks the workflows of the work tree and the one that
// scribe init writes.
func scenarioPolicy(ctx context.Context, s *Sim) (string, error) {
	files, err := filepath.Glob(filepath.Join(s.repo, ".github", "workflows", "*.y*ml"))
	if err != nil {
		return "", err
	}
	dir := filepath.Join(s.root, "policy-init")
	if _, err := s.run(ctx, s.root, s.scribe, "init", "--site", dir); err != nil {
		return "", err
	}
	files = append(files, filepath.Join(dir, ".github", "workflows", "scribe-check.yml"), filepath.Join(dir, ".github", "workflows", "scribe-site.yml"))
	var problems, names []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(s.root, file)
		if strings.HasPrefix(file, s.repo) {
			rel, _ = filepath.Rel(s.repo, file)
		}
		names = append(names, filepath.Base(file))
		for _, p := range policyProblems(filepath.ToSlash(rel), data) {
			problems = append(problems, rel+": "+p)
		}
	}
	for _, owners := range []string{filepath.Join(s.repo, ".github", "CODEOWNERS"), filepath.Join(dir, ".github", "CODEOWNERS")} {
		data, err := os.ReadFile(owners)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, p := range []string{"/.github/", "/transcriptions/project.toml"} {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(p) + `\s+@`).Match(data) {
				problems = append(problems, fmt.Sprintf("%s: no owner for %s", owners, p))
			}
		}
	}
	if len(problems) > 0 {
		return "", fmt.Errorf("%d problems in the workflows\n%s", len(problems), strings.Join(problems, "\n"))
	}
	return fmt.Sprintf("%s: read-only token, actions pinned by commit with a version comment, persist-credentials: false, no secrets, no ${{ }} in run:; the pull_request_target gate runs nothing of the pull request", strings.Join(names, ", ")), nil
}

var (
	versionComment = regexp.MustCompile(`^#\s*v[0-9]+(\.[0-9]+)*\b`)
	eventData      = regexp.MustCompile(`\$\{\{`)
)

// policyProblems lists what a workflow file does against the rules.
func policyProblems(file string, data []byte) []string {
	w, err := ParseWorkflow(file, data)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	var perms map[string]string
	if err := w.Permissions.Decode(&perms); err != nil || len(perms) != 1 || perms["contents"] != "read" {
		bad("permissions: must be exactly contents: read")
	}
	// Pinning, with the release in a comment; secrets and the token in
	// any value.
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "uses" {
					if !pinned.MatchString(v.Value) {
						bad("line %d: uses: %s is not pinned to a full commit SHA", v.Line, v.Value)
					} else if !versionComment.MatchString(v.LineComment) {
						bad("line %d: uses: %s has no # vX.Y.Z comment naming the release", v.Line, v.Value)
					}
				}
			}
		}
		if n.Kind == yaml.ScalarNode && (strings.Contains(n.Value, "secrets.") || strings.Contains(n.Value, "github.token")) {
			bad("line %d: uses a secret or the token: %q", n.Line, n.Value)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(w.Root)

	_, target := w.On["pull_request_target"]
	for _, job := range w.Jobs {
		if job.Permissions.Kind != 0 && !pagesDeploy(w, job) {
			bad("job %s: permissions: only the workflow's read-only ones (or, for a job that only runs actions/deploy-pages on push, exactly pages: write and id-token: write)", job.ID)
		}
		if job.TimeoutMinutes <= 0 {
			bad("job %s: no timeout-minutes", job.ID)
		}
		for _, st := range job.Steps {
			if st.Run != "" && eventData.MatchString(st.Run) {
				bad("job %s, step %q: ${{ }} inside run: (pass values through env:)", job.ID, st.Label())
			}
			if strings.HasPrefix(st.Uses, "actions/checkout@") && st.With["persist-credentials"] != "false" {
				bad("job %s, step %q: actions/checkout without persist-credentials: false", job.ID, st.Label())
			}
		}
		if target && !strings.Contains(job.If, "push") {
			for _, p := range gateProblems(job) {
				bad("job %s: %s", job.ID, p)
			}
		}
	}
	return out
}

// gateProblems checks a job that runs on pull_request_target: once the
// pull request's head is checked out, as data, into its own folder,
// nothing runs but scribe check reading it; nothing before reads it.
func gateProblems(job *Job) []string {
	var out []string
	head := slices.IndexFunc(job.Steps, func(st *Step) bool {
		return strings.HasPrefix(st.Uses, "actions/checkout@") && strings.Contains(st.With["ref"], "pull_request.head")
	})
	if head < 0 {
		return []string{"no checkout of the pull request's head (ref: github.event.pull_request.head.sha)"}
	}
	dir := strings.Trim(job.Steps[head].With["path"], "/")
	if dir == "" || dir == "." {
		return []string{"the pull request's head is checked out into the workspace itself, not a folder of its own"}
	}
	judge := regexp.MustCompile(`-C ` + regexp.QuoteMeta(dir) + ` check\b`)
	word := regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(dir) + `($|[^\w-])`)
	for i, st := range job.Steps {
		if st.WorkingDirectory != "" {
			out = append(out, fmt.Sprintf("step %q: working-directory in a pull_request_target job", st.Label()))
		}
		if strings.HasPrefix(st.Uses, "actions/setup-go@") {
			if st.With["cache"] != "false" {
				out = append(out, fmt.Sprintf("step %q: setup-go without cache: false", st.Label()))
			}
			for _, k := range []string{"go-version-file", "cache-dependency-path"} {
				if v := st.With[k]; v != "" && (v == dir || strings.HasPrefix(v, dir+"/") || strings.Contains(v, "${{")) {
					out = append(out, fmt.Sprintf("step %q: %s reads the pull request's %s", st.Label(), k, v))
				}
			}
		}
		if i <= head {
			continue
		}
		switch {
		case st.Uses != "":
			out = append(out, fmt.Sprintf("step %q: an action after the pull request's head is on disk", st.Label()))
		case !judge.MatchString(st.Run):
			out = append(out, fmt.Sprintf("step %q: runs something other than scribe -C %s check after the head is on disk", st.Label(), dir))
		case word.MatchString(judge.ReplaceAllString(st.Run, "")):
			out = append(out, fmt.Sprintf("step %q: uses %s other than as scribe check's data", st.Label(), dir))
		}
	}
	return out
}

// pagesDeploy reports whether job is the one exception to the read-only
// token: a pages deploy job, in a workflow that no pull request triggers,
// whose permissions are exactly pages: write and id-token: write and whose
// only step is actions/deploy-pages, so that the wider token reaches no
// code of the repository.
func pagesDeploy(w *Workflow, job *Job) bool {
	for event := range w.On {
		if event != "push" && event != "workflow_dispatch" {
			return false
		}
	}
	var perms map[string]string
	if err := job.Permissions.Decode(&perms); err != nil || len(perms) != 2 || perms["pages"] != "write" || perms["id-token"] != "write" {
		return false
	}
	return len(job.Steps) == 1 && strings.HasPrefix(job.Steps[0].Uses, "actions/deploy-pages@") && job.Steps[0].Run == ""
}
