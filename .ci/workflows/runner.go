package main

// The runner: a job's steps executed in order on this machine, as GitHub's
// runner would on ubuntu-latest. run: steps go to bash with the variables
// GitHub sets; actions/checkout becomes the git commands it runs;
// actions/setup-go checks that go is there; any other action is refused.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Event is one event on the forge, with what GitHub derives from it.
type Event struct {
	Name    string         // pull_request_target, pull_request, push
	Action  string         // for pull requests: opened, synchronize, …
	Payload map[string]any // the event JSON
	SHA     string         // GITHUB_SHA
	Ref     string         // GITHUB_REF
	BaseRef string         // GITHUB_BASE_REF (pull requests)
	HeadRef string         // GITHUB_HEAD_REF (pull requests)
	Actor   string
	// WorkflowSHA is the commit whose .github/workflows/ GitHub runs for
	// this event: the base branch's tip for pull_request_target, the merge
	// commit for pull_request, the pushed commit for push.
	WorkflowSHA string
}

// JobResult is what a job did.
type JobResult struct {
	Workflow, Job string
	Passed        bool
	Steps         []StepResult
	Log           string // every step's output
	Summary       string // the job summary: every step's GITHUB_STEP_SUMMARY
}

type StepResult struct {
	Name    string
	Outcome string // success, failure, skipped
	Err     string
}

// Annotations are the workflow commands ::error, ::warning and ::notice
// that the job printed.
func (r *JobResult) Annotations() []string {
	var out []string
	for line := range strings.SplitSeq(r.Log, "\n") {
		if strings.HasPrefix(line, "::error") || strings.HasPrefix(line, "::warning") || strings.HasPrefix(line, "::notice") {
			out = append(out, line)
		}
	}
	return out
}

// Runner runs jobs against one forge.
type Runner struct {
	Forge   *Forge
	BaseEnv []string // the runner machine's environment: PATH, Go's caches
	Verbose io.Writer
	runs    int
}

// RunJob runs one job of a workflow for an event. An error is a fault of
// the simulation (an unsupported feature, a broken forge), not a verdict.
func (r *Runner) RunJob(ctx context.Context, w *Workflow, job *Job, ev *Event) (*JobResult, error) {
	if job.Needs.Kind != 0 || job.Environment.Kind != 0 {
		return nil, fmt.Errorf("job %s: the simulator does not run a job with needs: or environment:", job.ID)
	}
	r.runs++
	root := filepath.Join(r.Forge.Root, fmt.Sprintf("runner-%02d-%s", r.runs, job.ID))
	repoName := r.Forge.Repo[strings.LastIndex(r.Forge.Repo, "/")+1:]
	workspace := filepath.Join(root, "work", repoName, repoName)
	temp := filepath.Join(root, "_temp")
	home := filepath.Join(root, "home")
	for _, d := range []string{workspace, temp, home, filepath.Join(temp, "_runner_file_commands"), filepath.Join(root, "_github_workflow")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	eventPath := filepath.Join(root, "_github_workflow", "event.json")
	payload, err := json.MarshalIndent(ev.Payload, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(eventPath, payload, 0o644); err != nil {
		return nil, err
	}
	// The event as the github context sees it: the JSON read back, so that
	// numbers are numbers as in GitHub's.
	var eventCtx map[string]any
	if err := json.Unmarshal(payload, &eventCtx); err != nil {
		return nil, err
	}
	refName := ev.Ref
	for _, p := range []string{"refs/heads/", "refs/tags/"} {
		refName = strings.TrimPrefix(refName, p)
	}
	if rest, ok := strings.CutPrefix(ev.Ref, "refs/pull/"); ok {
		refName = rest // 1/merge, as GitHub names it
	}
	github := map[string]any{
		"event_name":       ev.Name,
		"event":            eventCtx,
		"event_path":       eventPath,
		"sha":              ev.SHA,
		"ref":              ev.Ref,
		"ref_name":         refName,
		"base_ref":         ev.BaseRef,
		"head_ref":         ev.HeadRef,
		"repository":       r.Forge.Repo,
		"repository_owner": r.Forge.Repo[:strings.Index(r.Forge.Repo, "/")],
		"server_url":       "https://github.com",
		"api_url":          "https://api.github.com",
		"graphql_url":      "https://api.github.com/graphql",
		"workspace":        workspace,
		"actor":            ev.Actor,
		"triggering_actor": ev.Actor,
		"workflow":         w.Name,
		"workflow_ref":     r.Forge.Repo + "/" + w.File + "@" + ev.Ref,
		"job":              job.ID,
		"run_id":           strconv.Itoa(1000 + r.runs),
		"run_number":       strconv.Itoa(r.runs),
		"run_attempt":      "1",
		"action":           "",
		"token":            refused("the simulator hands out no token, and the gate needs none"),
		"retention_days":   "90",
		"repositoryUrl":    "git://github.com/" + r.Forge.Repo + ".git",
		"ref_protected":    false,
		"ref_type":         "branch",
		"secret_source":    "None",
		"workflow_sha":     ev.WorkflowSHA,
		"repository_id":    "1",
	}
	runner := map[string]any{"os": "Linux", "arch": "X64", "name": "simulated-runner", "temp": temp, "tool_cache": filepath.Join(root, "toolcache"), "environment": "github-hosted"}
	steps := map[string]any{}
	jobCtx := map[string]any{"status": "success"}

	// The variables GitHub sets for every step; a workflow cannot override
	// them.
	defaults := map[string]string{
		"CI":                  "true",
		"GITHUB_ACTIONS":      "true",
		"GITHUB_EVENT_NAME":   ev.Name,
		"GITHUB_EVENT_PATH":   eventPath,
		"GITHUB_SHA":          ev.SHA,
		"GITHUB_REF":          ev.Ref,
		"GITHUB_REF_NAME":     refName,
		"GITHUB_REF_TYPE":     "branch",
		"GITHUB_BASE_REF":     ev.BaseRef,
		"GITHUB_HEAD_REF":     ev.HeadRef,
		"GITHUB_WORKSPACE":    workspace,
		"GITHUB_REPOSITORY":   r.Forge.Repo,
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_API_URL":      "https://api.github.com",
		"GITHUB_GRAPHQL_URL":  "https://api.github.com/graphql",
		"GITHUB_ACTOR":        ev.Actor,
		"GITHUB_WORKFLOW":     w.Name,
		"GITHUB_WORKFLOW_REF": r.Forge.Repo + "/" + w.File + "@" + ev.Ref,
		"GITHUB_WORKFLOW_SHA": ev.WorkflowSHA,
		"GITHUB_JOB":          job.ID,
		"GITHUB_RUN_ID":       strconv.Itoa(1000 + r.runs),
		"GITHUB_RUN_NUMBER":   strconv.Itoa(r.runs),
		"GITHUB_RUN_ATTEMPT":  "1",
		"RUNNER_OS":           "Linux",
		"RUNNER_ARCH":         "X64",
		"RUNNER_NAME":         "simulated-runner",
		"RUNNER_TEMP":         temp,
		"RUNNER_TOOL_CACHE":   filepath.Join(root, "toolcache"),
		"HOME":                home,
	}
	sc := &scope{contexts: map[string]any{"github": github, "runner": runner, "steps": steps, "job": jobCtx, "env": map[string]any{}}, status: "success"}

	// env: of the workflow, then of the job, each evaluated with what is
	// known before it.
	env := map[string]string{}
	for _, layer := range []map[string]string{w.Env, job.Env} {
		evaluated := map[string]string{}
		for _, k := range sortedKeys(layer) {
			v, err := sc.interpolate(layer[k])
			if err != nil {
				return nil, fmt.Errorf("env %s: %w", k, err)
			}
			evaluated[k] = v
		}
		maps.Copy(env, evaluated)
		sc.contexts["env"] = envContext(env)
	}

	timeout := time.Duration(job.TimeoutMinutes) * time.Minute
	if timeout == 0 || timeout > 10*time.Minute {
		timeout = 10 * time.Minute // the simulator's own bound
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	res := &JobResult{Workflow: w.File, Job: job.ID, Passed: true}
	var log, summary strings.Builder
	path := ""
	for n, step := range job.Steps {
		label := step.Label()
		ok, err := sc.condition(step.If)
		if err != nil {
			return nil, fmt.Errorf("step %q: %w", label, err)
		}
		if !ok {
			res.Steps = append(res.Steps, StepResult{Name: label, Outcome: "skipped"})
			if step.ID != "" {
				steps[step.ID] = map[string]any{"outcome": "skipped", "conclusion": "skipped", "outputs": map[string]any{}}
			}
			continue
		}
		stepEnv := maps.Clone(env)
		for _, k := range sortedKeys(step.Env) {
			v, err := sc.interpolate(step.Env[k])
			if err != nil {
				return nil, fmt.Errorf("step %q: env %s: %w", label, k, err)
			}
			stepEnv[k] = v
		}
		stepScope := *sc
		stepScope.contexts = maps.Clone(sc.contexts)
		stepScope.contexts["env"] = envContext(stepEnv)
		with := map[string]string{}
		for _, k := range sortedKeys(step.With) {
			v, err := stepScope.interpolate(step.With[k])
			if err != nil {
				return nil, fmt.Errorf("step %q: with.%s: %w", label, k, err)
			}
			with[k] = v
		}
		files := map[string]string{}
		for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_STATE"} {
			files[f] = filepath.Join(temp, "_runner_file_commands", fmt.Sprintf("%s_%02d", strings.ToLower(f), n+1))
			if err := os.WriteFile(files[f], nil, 0o644); err != nil {
				return nil, err
			}
		}
		procEnv := map[string]string{}
		for _, kv := range append(slices.Clone(r.BaseEnv), r.Forge.JobEnv...) {
			k, v, _ := strings.Cut(kv, "=")
			procEnv[k] = v
		}
		if path != "" {
			procEnv["PATH"] = path + ":" + procEnv["PATH"]
		}
		maps.Copy(procEnv, stepEnv)
		maps.Copy(procEnv, defaults)
		maps.Copy(procEnv, files)

		fmt.Fprintf(&log, "##[group]%s\n", label)
		var stepErr error
		stepCtx := ctx
		if step.TimeoutMinutes > 0 {
			var c context.CancelFunc
			stepCtx, c = context.WithTimeout(ctx, time.Duration(step.TimeoutMinutes)*time.Minute)
			defer c()
		}
		switch {
		case step.Run != "":
			script, err := stepScope.interpolate(step.Run)
			if err != nil {
				return nil, fmt.Errorf("step %q: run: %w", label, err)
			}
			wd := workspace
			if step.WorkingDirectory != "" {
				d, err := stepScope.interpolate(step.WorkingDirectory)
				if err != nil {
					return nil, fmt.Errorf("step %q: working-directory: %w", label, err)
				}
				if !filepath.IsAbs(d) {
					d = filepath.Join(workspace, d)
				}
				wd = d
			}
			stepErr = r.runScript(stepCtx, step.Shell, script, wd, temp, n+1, procEnv, &log)
		default:
			stepErr = r.runAction(stepCtx, step.Uses, with, workspace, procEnv, ev, &log)
			var unsupported *unsupportedError
			if errors.As(stepErr, &unsupported) {
				return nil, fmt.Errorf("step %q: %w", label, stepErr)
			}
		}
		outcome := "success"
		sr := StepResult{Name: label, Outcome: outcome}
		if stepErr != nil {
			outcome = "failure"
			sr = StepResult{Name: label, Outcome: outcome, Err: stepErr.Error()}
			fmt.Fprintf(&log, "##[error]%s\n", stepErr)
		}
		res.Steps = append(res.Steps, sr)
		conclusion := outcome
		if stepErr != nil && step.ContinueOnError {
			conclusion = "success"
		}
		if conclusion == "failure" {
			sc.status = "failure"
			jobCtx["status"] = "failure"
			res.Passed = false
		}
		// The file commands of the step.
		if data, err := os.ReadFile(files["GITHUB_STEP_SUMMARY"]); err == nil {
			summary.Write(data)
		}
		outputs, err := readFileCommand(files["GITHUB_OUTPUT"])
		if err != nil {
			return nil, fmt.Errorf("step %q: GITHUB_OUTPUT: %w", label, err)
		}
		if step.ID != "" {
			out := map[string]any{}
			for k, v := range outputs {
				out[k] = v
			}
			steps[step.ID] = map[string]any{"outcome": outcome, "conclusion": conclusion, "outputs": out}
		}
		setEnv, err := readFileCommand(files["GITHUB_ENV"])
		if err != nil {
			return nil, fmt.Errorf("step %q: GITHUB_ENV: %w", label, err)
		}
		maps.Copy(env, setEnv)
		sc.contexts["env"] = envContext(env)
		if data, err := os.ReadFile(files["GITHUB_PATH"]); err == nil {
			for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
				if line != "" {
					path = strings.TrimPrefix(line+":"+path, ":")
					path = strings.TrimSuffix(path, ":")
				}
			}
		}
		fmt.Fprintf(&log, "##[endgroup]\n")
		if ctx.Err() != nil {
			res.Passed = false
			fmt.Fprintf(&log, "##[error]the job ran out of time (timeout-minutes)\n")
			break
		}
	}
	res.Log, res.Summary = log.String(), summary.String()
	return res, nil
}

func envContext(env map[string]string) map[string]any {
	m := map[string]any{}
	for k, v := range env {
		m[k] = v
	}
	return m
}

// runScript runs a run: step as GitHub does on Linux: the script in a file,
// `bash -e {0}` by default, `bash --noprofile --norc -eo pipefail {0}` for
// shell: bash.
func (r *Runner) runScript(ctx context.Context, shell, script, wd, temp string, n int, env map[string]string, log io.Writer) error {
	file := filepath.Join(temp, fmt.Sprintf("step-%02d.sh", n))
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		return err
	}
	var argv []string
	switch shell {
	case "":
		argv = []string{"bash", "-e", file}
	case "bash":
		argv = []string{"bash", "--noprofile", "--norc", "-eo", "pipefail", file}
	case "sh":
		argv = []string{"sh", "-e", file}
	default:
		return &unsupportedError{fmt.Sprintf("shell: %s is not supported by the simulator", shell)}
	}
	if fi, err := os.Stat(wd); err != nil || !fi.IsDir() {
		return fmt.Errorf("working directory %s does not exist", wd)
	}
	fmt.Fprintf(log, "$ %s\n", strings.TrimSpace(script))
	return r.exec(ctx, wd, env, log, argv...)
}

// exec runs a command of a job, its output into the job's log.
func (r *Runner) exec(ctx context.Context, dir string, env map[string]string, log io.Writer, argv ...string) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	for _, k := range sortedKeys(env) {
		cmd.Env = append(cmd.Env, k+"="+env[k])
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	log.Write(out.Bytes())
	if r.Verbose != nil && log != io.Discard {
		r.Verbose.Write(out.Bytes())
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: timed out", argv[0])
		}
		return fmt.Errorf("process %s exited: %w", argv[0], err)
	}
	return nil
}

type unsupportedError struct{ msg string }

func (e *unsupportedError) Error() string { return e.msg }

var pinned = regexp.MustCompile(`^([\w.-]+/[\w.-]+)@([0-9a-f]{40})$`)

// runAction runs the actions the workflows use, as their equivalent.
func (r *Runner) runAction(ctx context.Context, uses string, with map[string]string, workspace string, env map[string]string, ev *Event, log io.Writer) error {
	m := pinned.FindStringSubmatch(uses)
	if m == nil {
		return &unsupportedError{fmt.Sprintf("uses: %s is not pinned to a full commit SHA", uses)}
	}
	switch m[1] {
	case "actions/checkout":
		return r.checkout(ctx, with, workspace, env, ev, log)
	case "actions/setup-go":
		return r.setupGo(with, workspace, env, log)
	}
	return &unsupportedError{fmt.Sprintf("uses: %s: the simulator knows only actions/checkout and actions/setup-go", uses)}
}

func allowInputs(action string, with map[string]string, allowed ...string) error {
	for k := range with {
		found := false
		for _, a := range allowed {
			found = found || a == k
		}
		if !found {
			return &unsupportedError{fmt.Sprintf("%s: the input %s is not supported by the simulator", action, k)}
		}
	}
	return nil
}

var fullSHA = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// checkout does what actions/checkout v4 does, with the forge's origin as
// the remote: fetch the ref (the whole history with fetch-depth: 0, else
// that many commits), then check it out.
func (r *Runner) checkout(ctx context.Context, with map[string]string, workspace string, env map[string]string, ev *Event, log io.Writer) error {
	if err := allowInputs("actions/checkout", with, "ref", "path", "fetch-depth", "persist-credentials", "repository", "clean", "show-progress", "fetch-tags"); err != nil {
		return err
	}
	if repo, ok := with["repository"]; ok && repo != "" && repo != r.Forge.Repo {
		return &unsupportedError{fmt.Sprintf("actions/checkout: repository %s: the forge has only %s", repo, r.Forge.Repo)}
	}
	dir := workspace
	if p := with["path"]; p != "" {
		dir = filepath.Join(workspace, p)
		if rel, err := filepath.Rel(workspace, dir); err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("actions/checkout: path %s is outside the workspace", p)
		}
	}
	depth := 1
	if d, ok := with["fetch-depth"]; ok && d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return fmt.Errorf("actions/checkout: fetch-depth %q is not a number", d)
		}
		depth = n
	}
	ref, commit := with["ref"], ""
	if ref == "" {
		ref, commit = ev.Ref, ev.SHA
	}
	if fullSHA.MatchString(ref) {
		ref, commit = "", strings.ToLower(ref)
	}
	if ref != "" && !strings.HasPrefix(ref, "refs/") {
		ref = "refs/heads/" + ref // a bare name: a branch, as checkout first tries
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	git := func(args ...string) error {
		fmt.Fprintf(log, "[command]git %s\n", strings.Join(args, " "))
		return r.exec(ctx, dir, env, log, append([]string{"git"}, args...)...)
	}
	if err := git("-c", "init.defaultBranch=main", "init", "-q", dir); err != nil {
		return err
	}
	if err := git("remote", "add", "origin", r.Forge.URL); err != nil {
		return err
	}
	// The refspec for one ref and/or commit, as checkout's getRefSpec.
	target := func() []string {
		remote := func(ref string) string {
			if b, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
				return "refs/remotes/origin/" + b
			}
			if p, ok := strings.CutPrefix(ref, "refs/pull/"); ok {
				return "refs/remotes/pull/" + p
			}
			return ref
		}
		switch {
		case commit != "" && ref == "":
			return []string{commit}
		case commit != "":
			return []string{"+" + commit + ":" + remote(ref)}
		}
		return []string{"+" + ref + ":" + remote(ref)}
	}
	if depth <= 0 {
		specs := []string{"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"}
		if strings.HasPrefix(ref, "refs/pull/") {
			specs = append(specs, target()...)
		}
		if err := git(append([]string{"fetch", "-q", "--prune", "--no-recurse-submodules", "origin"}, specs...)...); err != nil {
			return err
		}
		want := commit
		if want == "" {
			want = ref
		}
		if r.exec(ctx, dir, env, io.Discard, "git", "cat-file", "-e", want+"^{commit}") != nil {
			if err := git(append([]string{"fetch", "-q", "--no-recurse-submodules", "origin"}, target()...)...); err != nil {
				return err
			}
		}
	} else {
		if err := git(append([]string{"fetch", "-q", "--no-tags", "--prune", "--no-recurse-submodules", "--depth=" + strconv.Itoa(depth), "origin"}, target()...)...); err != nil {
			return err
		}
	}
	switch {
	case ref == "":
		return git("checkout", "-q", "--force", commit)
	case strings.HasPrefix(ref, "refs/heads/"):
		b := strings.TrimPrefix(ref, "refs/heads/")
		return git("checkout", "-q", "--force", "-B", b, "refs/remotes/origin/"+b)
	case strings.HasPrefix(ref, "refs/pull/"):
		return git("checkout", "-q", "--force", "refs/remotes/pull/"+strings.TrimPrefix(ref, "refs/pull/"))
	}
	return git("checkout", "-q", "--force", ref)
}

// setupGo stands for actions/setup-go: the machine's go must be there; the
// version asked for is logged (a go-version-file must exist).
func (r *Runner) setupGo(with map[string]string, workspace string, env map[string]string, log io.Writer) error {
	if err := allowInputs("actions/setup-go", with, "go-version", "go-version-file", "cache", "cache-dependency-path", "check-latest"); err != nil {
		return err
	}
	goBin, err := lookPath("go", env["PATH"])
	if err != nil {
		return fmt.Errorf("actions/setup-go: no go on PATH")
	}
	want := with["go-version"]
	if f := with["go-version-file"]; f != "" {
		data, err := os.ReadFile(filepath.Join(workspace, f))
		if err != nil {
			return fmt.Errorf("actions/setup-go: go-version-file: %w", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "go "); ok {
				want = v
			}
		}
		if want == "" {
			return fmt.Errorf("actions/setup-go: %s has no go directive", f)
		}
	}
	if want == "" {
		return fmt.Errorf("actions/setup-go: neither go-version nor go-version-file")
	}
	fmt.Fprintf(log, "setup-go: wanted Go %s; using %s\n", want, goBin)
	return nil
}

func lookPath(name, path string) (string, error) {
	for dir := range strings.SplitSeq(path, ":") {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

// readFileCommand reads GITHUB_OUTPUT or GITHUB_ENV: NAME=value lines and
// NAME<<DELIMITER blocks.
func readFileCommand(file string) (map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			continue
		}
		if k, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(k, "=") {
			var val []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				val = append(val, lines[i])
			}
			if i >= len(lines) {
				return nil, fmt.Errorf("%s: no closing %s", k, delim)
			}
			out[k] = strings.Join(val, "\n")
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("line %q is neither NAME=value nor NAME<<DELIMITER", line)
		}
		out[k] = v
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
