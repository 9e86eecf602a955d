package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Exit codes, documented in every verb's help.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

const exitStatusHelp = `
EXIT STATUS
  0  success
  1  the command failed or found problems
  2  usage error (unknown verb or flag, wrong arguments)`

// usageError marks errors in how scribe was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// silentError carries an exit status for a failure already reported.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// app is what every verb shares: the streams and the global flags.
type app struct {
	io      *IO
	repoDir string
	color   string
}

// repo finds the repository from --repo or the working directory.
func (a *app) repo() (*layout.Repo, error) {
	dir := a.repoDir
	if dir == "" {
		var err error
		if dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	return layout.Find(dir)
}

// project finds the repository and reads its project.toml.
func (a *app) project() (*layout.Repo, *project.Project, error) {
	repo, err := a.repo()
	if err != nil {
		return nil, nil, err
	}
	proj, err := repo.Project()
	if err != nil {
		return nil, nil, err
	}
	return repo, proj, nil
}

// page resolves a verb's page argument: DOCUMENT/PAGE, or PAGE alone in
// a project with one document. A document alone is a usage error.
func (a *app) page(arg, verb string) (*layout.Repo, *project.Project, layout.Address, error) {
	repo, proj, err := a.project()
	if err != nil {
		return nil, nil, layout.Address{}, err
	}
	addr, _, err := repo.Resolve(arg)
	if err != nil {
		return nil, nil, layout.Address{}, err
	}
	if addr.Page == "" {
		return nil, nil, layout.Address{}, usageError{fmt.Errorf("%q names a document; %s takes one page, e.g. %s/001", arg, verb, addr.Document)}
	}
	return repo, proj, addr, nil
}

// identify says who is asking, for the read-only `scribe next`: --as,
// else the git user registered in project.toml. Outside a git repository
// there is no git user, and Identify then asks for --as. Commands that
// write use actor.
func (a *app) identify(repo *layout.Repo, proj *project.Project, as string) (project.Person, error) {
	var gitName, gitEmail string
	if as == "" {
		var err error
		if gitName, gitEmail, err = gitUser(repo); err != nil {
			return project.Person{}, err
		}
	}
	return proj.Identify(as, gitName, gitEmail)
}

// actor says whom a writing command (decide, accept, review) acts for, by
// project.Actor's rule: the git user registered in project.toml, and --as
// only to name yourself, or someone else when git names a maintainer. A
// maintainer acting for another person is told so on standard error.
func (a *app) actor(repo *layout.Repo, proj *project.Project, as string) (project.Actor, error) {
	gitName, gitEmail, err := gitUser(repo)
	if err != nil {
		return project.Actor{}, err
	}
	actor, err := proj.Actor(as, gitName, gitEmail)
	if err != nil {
		return actor, err
	}
	if note := actor.Acting(); note != "" {
		fmt.Fprintln(a.io.ErrOut, note)
	}
	return actor, nil
}

// gitUser is git's user.name and user.email for the repository, or
// nothing outside a git repository.
func gitUser(repo *layout.Repo) (name, email string, err error) {
	g, err := gitrepo.Open(repo.Root)
	if err != nil {
		return "", "", nil
	}
	return g.User()
}

// asRule is the identity rule, for the help of the verbs that write.
const asRule = `You are the git user: user.email (else user.name) as registered in
transcriptions/project.toml. --as ID may name yourself; only a maintainer may
name someone else, to act for them: scribe then says "maintainer ID acting for
OTHER" on standard error and records OTHER. Without a registered git identity,
--as cannot name a registered person: set git's user.email to the email
registered for you.`

// asFlag is the --as flag's description for the verbs that write.
const asFlag = "act as `ID`: yourself, or, for a maintainer, the person to act for (default: the git user, as registered in project.toml)"

// Main runs scribe with the given arguments and returns its exit status.
func Main(args []string, streams *IO) int {
	a := &app{io: streams}
	root := newRootCmd(a)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return exitCode(err, streams)
}

func exitCode(err error, streams *IO) int {
	if err == nil {
		return exitOK
	}
	var silent silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	fmt.Fprintf(streams.ErrOut, "scribe: %v\n", err)
	var usage usageError
	if errors.As(err, &usage) || isCobraUsage(err) {
		fmt.Fprintln(streams.ErrOut, "Run 'scribe --help' for usage.")
		return exitUsage
	}
	return exitProblems
}

// isCobraUsage recognises the errors cobra itself returns for a bad call,
// which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires exactly", "required flag",
		"at least one of the flags in the group", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "scribe",
		Short: "Collate volunteer transcriptions of scanned pages in a git repository",
		Long: `scribe keeps the transcriptions of scanned documents in a git repository.
Several volunteers read each page on their own; scribe lines their readings up,
shows every disagreement, records a reviewer's decision for each disputed line,
builds the canonical text and checks every pull request.` + "\n" + exitStatusHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(a.io.In)
	root.SetOut(a.io.Out)
	root.SetErr(a.io.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVarP(&a.repoDir, "repo", "C", "", "run in the scribe repository at `DIR` instead of the current directory's")
	root.PersistentFlags().StringVar(&a.color, "color", "auto", "colour output: auto (a terminal and no NO_COLOR), always or never")
	root.AddCommand(
		newVersionCmd(a),
		newInitCmd(a),
		newImportCmd(a),
		newStatusCmd(a),
		newDiffCmd(a),
		newSubmitCmd(a),
		newPeopleCmd(a),
		newNextCmd(a),
		newDecideCmd(a),
		newAcceptCmd(a),
		newBuildCmd(a),
		newReviewCmd(a),
		newBlameCmd(a),
		newCheckCmd(a),
		newLogCmd(a),
	)
	return root
}

// args wraps a cobra argument validator so that its errors are usage errors.
func args(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := v(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}
