package main

// Workflow files: what the simulator reads of them, strictly. A key it
// does not know (strategy:, services:, defaults: …) is an error, so that a
// workflow is never run with part of it silently ignored; needs: and
// environment: are read, and a job that has them is refused by RunJob.

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

type Workflow struct {
	File string // path in the repository, e.g. .github/workflows/check.yml
	Name string
	On   map[string]*Trigger
	Env  map[string]string
	Jobs []*Job
	Root *yaml.Node // the parsed file, comments included, for the policy checks

	Permissions yaml.Node
}

// Trigger is one event of on: with its filters.
type Trigger struct {
	Types          []string
	Branches       []string
	BranchesIgnore []string
	unsupported    []string // filters the simulator cannot apply
}

type Job struct {
	ID             string
	Name           string
	If             string
	TimeoutMinutes int
	Env            map[string]string
	Steps          []*Step
	Permissions    yaml.Node
	// Needs and Environment are read for the policy only: a job that has
	// them (the pages deploy job) is never run by the simulator.
	Needs       yaml.Node
	Environment yaml.Node
}

type Step struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	WorkingDirectory string            `yaml:"working-directory"`
	With             map[string]string `yaml:"with"`
	Env              map[string]string `yaml:"env"`
	ContinueOnError  bool              `yaml:"continue-on-error"`
	TimeoutMinutes   int               `yaml:"timeout-minutes"`
}

// Label is how the step is shown: its name, or what it runs.
func (s *Step) Label() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.Uses != "":
		return "Run " + s.Uses
	}
	first, _, _ := strings.Cut(strings.TrimSpace(s.Run), "\n")
	return "Run " + first
}

type rawWorkflow struct {
	Name        string            `yaml:"name"`
	RunName     string            `yaml:"run-name"`
	On          yaml.Node         `yaml:"on"`
	Permissions yaml.Node         `yaml:"permissions"`
	Env         map[string]string `yaml:"env"`
	Concurrency yaml.Node         `yaml:"concurrency"`
	Jobs        yaml.Node         `yaml:"jobs"`
}

type rawJob struct {
	Name           string            `yaml:"name"`
	If             string            `yaml:"if"`
	RunsOn         yaml.Node         `yaml:"runs-on"`
	TimeoutMinutes int               `yaml:"timeout-minutes"`
	Permissions    yaml.Node         `yaml:"permissions"`
	Env            map[string]string `yaml:"env"`
	Concurrency    yaml.Node         `yaml:"concurrency"`
	Needs          yaml.Node         `yaml:"needs"`
	Environment    yaml.Node         `yaml:"environment"`
	Steps          []*Step           `yaml:"steps"`
}

// ParseWorkflow reads one workflow file.
func ParseWorkflow(file string, data []byte) (*Workflow, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var raw rawWorkflow
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	w := &Workflow{File: file, Name: raw.Name, Env: raw.Env, Root: &root, Permissions: raw.Permissions}
	if w.Name == "" {
		w.Name = file
	}
	var err error
	if w.On, err = parseOn(&raw.On); err != nil {
		return nil, fmt.Errorf("%s: on: %w", file, err)
	}
	if raw.Jobs.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: jobs: is not a mapping", file)
	}
	for i := 0; i+1 < len(raw.Jobs.Content); i += 2 {
		id := raw.Jobs.Content[i].Value
		var rj rawJob
		if err := strictDecode(raw.Jobs.Content[i+1], &rj); err != nil {
			return nil, fmt.Errorf("%s: job %s: %w", file, id, err)
		}
		if len(rj.Steps) == 0 {
			return nil, fmt.Errorf("%s: job %s has no steps", file, id)
		}
		for n, s := range rj.Steps {
			if (s.Uses == "") == (s.Run == "") {
				return nil, fmt.Errorf("%s: job %s, step %d: a step has either uses: or run:", file, id, n+1)
			}
		}
		w.Jobs = append(w.Jobs, &Job{ID: id, Name: rj.Name, If: rj.If, TimeoutMinutes: rj.TimeoutMinutes, Env: rj.Env, Steps: rj.Steps, Permissions: rj.Permissions, Needs: rj.Needs, Environment: rj.Environment})
	}
	return w, nil
}

// strictDecode decodes a node, refusing keys the target does not have
// (yaml.v3's KnownFields applies to a Decoder only, so the node is
// re-encoded).
func strictDecode(n *yaml.Node, v any) error {
	data, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func parseOn(n *yaml.Node) (map[string]*Trigger, error) {
	on := map[string]*Trigger{}
	switch n.Kind {
	case yaml.ScalarNode:
		on[n.Value] = &Trigger{}
	case yaml.SequenceNode:
		for _, e := range n.Content {
			if e.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: expected an event name", e.Line)
			}
			on[e.Value] = &Trigger{}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			event, v := n.Content[i].Value, n.Content[i+1]
			t := &Trigger{}
			on[event] = t
			if v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "") {
				continue
			}
			if v.Kind != yaml.MappingNode {
				return nil, fmt.Errorf("%s: line %d: expected a mapping of filters", event, v.Line)
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				key, list := v.Content[j].Value, v.Content[j+1]
				var vals []string
				if err := list.Decode(&vals); err != nil {
					var one string
					if err2 := list.Decode(&one); err2 != nil {
						t.unsupported = append(t.unsupported, key)
						continue
					}
					vals = []string{one}
				}
				switch key {
				case "types":
					t.Types = vals
				case "branches":
					t.Branches = vals
				case "branches-ignore":
					t.BranchesIgnore = vals
				default:
					t.unsupported = append(t.unsupported, key)
				}
			}
		}
	default:
		return nil, fmt.Errorf("unexpected form")
	}
	return on, nil
}

// Triggered reports whether the event starts the workflow, as GitHub
// decides it from on: (an error for a filter the simulator cannot apply).
func (w *Workflow) Triggered(ev *Event) (bool, error) {
	t, ok := w.On[ev.Name]
	if !ok {
		return false, nil
	}
	if len(t.unsupported) > 0 {
		return false, fmt.Errorf("%s: on.%s: the filters %v are not supported by the simulator", w.File, ev.Name, t.unsupported)
	}
	var branch string
	switch ev.Name {
	case "pull_request", "pull_request_target":
		types := t.Types
		if len(types) == 0 {
			types = []string{"opened", "synchronize", "reopened"}
		}
		found := false
		for _, ty := range types {
			found = found || ty == ev.Action
		}
		if !found {
			return false, nil
		}
		branch = ev.BaseRef
	case "push":
		b, ok := strings.CutPrefix(ev.Ref, "refs/heads/")
		if !ok {
			return len(t.Branches) == 0 && len(t.BranchesIgnore) == 0, nil
		}
		branch = b
	default:
		if len(t.Types)+len(t.Branches)+len(t.BranchesIgnore) > 0 {
			return false, fmt.Errorf("%s: on.%s: filters for this event are not supported by the simulator", w.File, ev.Name)
		}
		return true, nil
	}
	if len(t.Branches) > 0 && len(t.BranchesIgnore) > 0 {
		return false, fmt.Errorf("%s: on.%s: branches and branches-ignore together are not allowed", w.File, ev.Name)
	}
	if len(t.Branches) > 0 {
		return matchFilters(t.Branches, branch), nil
	}
	if len(t.BranchesIgnore) > 0 {
		return !matchFilters(t.BranchesIgnore, branch), nil
	}
	return true, nil
}

// matchFilters applies a list of branch patterns in order, a leading !
// excluding what the patterns before it included.
func matchFilters(patterns []string, name string) bool {
	match := false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if glob(neg).MatchString(name) {
				match = false
			}
		} else if glob(p).MatchString(name) {
			match = true
		}
	}
	return match
}

// glob turns a filter pattern into a regular expression: * matches within
// a path segment, ** across them, ? one character.
func glob(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch {
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case p[i] == '*':
			b.WriteString("[^/]*")
		case p[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// isWorkflowFile reports whether a repository path is one GitHub runs.
func isWorkflowFile(p string) bool {
	return path.Dir(p) == ".github/workflows" && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml"))
}
