package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
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

// usageError marks errors in how scribe was called: exit status 2, and a
// pointer to --help.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef is a usage error with a formatted message.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// silentError carries an exit status for a failure already reported.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// app is what every verb shares: the streams and the global flags. Each
// verb's options embed it.
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

// pageArg is a verb's DOCUMENT/PAGE argument, resolved.
type pageArg struct {
	repo *layout.Repo
	proj *project.Project
	doc  *project.Document
	addr layout.Address
}

// page resolves a verb's page argument: DOCUMENT/PAGE, or PAGE alone in
// a project with one document. A document alone is a usage error.
func (a *app) page(arg, verb string) (*pageArg, error) {
	repo, proj, err := a.project()
	if err != nil {
		return nil, err
	}
	addr, doc, err := repo.Resolve(arg)
	if err != nil {
		return nil, err
	}
	if addr.Page == "" {
		return nil, usagef("%q names a document; %s takes one page, e.g. %s/001", arg, verb, addr.Document)
	}
	return &pageArg{repo: repo, proj: proj, doc: doc, addr: addr}, nil
}

// identity says whom a verb acts for, by project.Identity's rule for what
// the verb does, from --as and git's user. g is the repository's git, nil
// where there is none: git then names nobody. Every verb that needs to
// know who is asking comes here.
func identity(g *gitrepo.Repo, proj *project.Project, as string, intent project.Intent) (project.Actor, error) {
	var user project.GitUser
	if g != nil && intent.NeedsGit(as) {
		var err error
		if user.Name, user.Email, err = g.User(); err != nil {
			return project.Actor{}, err
		}
	}
	return proj.Identity(intent, as, user)
}

// openGit is the repository's git, or nil when there is none to open
// (outside a git repository): for identity, git then names nobody.
func openGit(repo *layout.Repo) *gitrepo.Repo {
	g, err := gitrepo.Open(repo.Root)
	if err != nil {
		return nil
	}
	return g
}

// tellActing says on standard error that a maintainer acts for someone
// else, when one does.
func (a *app) tellActing(actor project.Actor) {
	if note := actor.Acting(); note != "" {
		fmt.Fprintln(a.io.ErrOut, note)
	}
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
	ctx, in := notifyInterrupts(context.Background(), streams.ErrOut)
	defer in.stop()
	before := countWrites()
	cmd, err := executeContext(ctx, newRootCmd(&app{io: streams}), args)
	err = pointToHelp(cmd, err)
	if in.hit.Load() {
		return reportInterrupt(cmd, err, countWrites()-before, streams)
	}
	return exitCode(err, streams)
}

// execute runs the command line with root. What cobra rejects before it
// runs a verb comes back as a usageError, whether the flag error function,
// an argument check or the pre-run hook made it one, or it is marked here.
func execute(root *cobra.Command, args []string) error {
	_, err := executeContext(context.Background(), root, args)
	return err
}

// executeContext is execute with a context for the verb, and returns the
// command that ran.
func executeContext(ctx context.Context, root *cobra.Command, args []string) (*cobra.Command, error) {
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && (cmd.CalledAs() == "" || cmd.Name() == cobra.ShellCompRequestCmd) {
		// cobra found no verb to run (an unknown one), or its hidden
		// completion request command, which it makes while executing, was
		// called wrongly.
		err = usageError{err}
	}
	return cmd, err
}

// verbUsage is a usage error of one verb, whose --help it points to.
type verbUsage struct {
	error
	path string // the verb's command path, e.g. "scribe decide"
}

func (e verbUsage) Unwrap() error { return e.error }

// pointToHelp makes a usage error of the verb cmd point to the verb's own
// --help. cobra's hidden completion request, and the root itself (an
// unknown verb), are left to point to scribe --help.
func pointToHelp(cmd *cobra.Command, err error) error {
	if err == nil || cmd == nil || !cmd.HasParent() || cmd.Hidden || !errors.As(err, new(usageError)) {
		return err
	}
	return verbUsage{err, cmd.CommandPath()}
}

// exitCode reports err and maps it to scribe's exit status.
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
	if errors.As(err, &usage) {
		help := "scribe --help"
		var verb verbUsage
		if errors.As(err, &verb) {
			help = verb.path + " --help"
		}
		fmt.Fprintf(streams.ErrOut, "Run '%s' for usage.\n", help)
		return exitUsage
	}
	return exitProblems
}

// The groups of verbs in scribe --help, by who uses them.
const (
	groupVolunteer  = "volunteer"
	groupReviewer   = "reviewer"
	groupMaintainer = "maintainer"
)

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "scribe",
		Short: "Collate volunteer transcriptions of scanned pages in a git repository",
		Long: `scribe keeps the transcriptions of scanned documents in a git repository.
Several volunteers read each page on their own; scribe lines their readings up,
shows every disagreement, records a reviewer's decision for each disputed line,
builds the canonical text and checks every pull request.

A page is named DOCUMENT/PAGE (my-book/003), or PAGE alone in a project with
one document; 3, 03 and the completed path transcriptions/my-book/003/ name it
too. scribe completion SHELL prints a script that completes documents, pages,
contributor ids and flag values.` + "\n" + exitStatusHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		// cobra checks required flags and flag groups after this hook;
		// checking them here first makes their errors usage errors.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(colorModes, a.color) {
				return usagef("--color is %s, not %q", orList(colorModes), a.color)
			}
			if err := cmd.ValidateRequiredFlags(); err != nil {
				return usageError{plainGroupError(err)}
			}
			if err := cmd.ValidateFlagGroups(); err != nil {
				return usageError{plainGroupError(err)}
			}
			return nil
		},
	}
	root.SetIn(a.io.In)
	root.SetOut(a.io.Out)
	root.SetErr(a.io.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{plainFlagError(err)} })
	root.PersistentFlags().StringVarP(&a.repoDir, "repo", "C", "", "run in the scribe repository at `DIR` instead of the current directory's")
	root.PersistentFlags().StringVar(&a.color, "color", "auto", "colour output: auto (on a terminal, unless NO_COLOR is set and not empty or TERM is dumb), always or never")
	root.AddGroup(
		&cobra.Group{ID: groupVolunteer, Title: "Volunteer commands:"},
		&cobra.Group{ID: groupReviewer, Title: "Reviewer commands:"},
		&cobra.Group{ID: groupMaintainer, Title: "Maintainer commands:"},
	)
	for _, g := range []struct {
		id   string
		cmds []*cobra.Command
	}{
		{groupVolunteer, []*cobra.Command{
			newNextCmd(a, nil),
			newSubmitCmd(a, nil),
		}},
		{groupReviewer, []*cobra.Command{
			newDiffCmd(a, nil),
			newCropCmd(a, nil),
			newReviewCmd(a, nil),
			newDecideCmd(a, nil),
			newAcceptCmd(a, nil),
			newBuildCmd(a, nil),
			newBlameCmd(a, nil),
			newLogCmd(a, nil),
		}},
		{groupMaintainer, []*cobra.Command{
			newInitCmd(a, nil),
			newImportCmd(a, nil),
			newExportCmd(a, nil),
			newSiteCmd(a, nil),
			newStatusCmd(a, nil),
			newStatsCmd(a, nil),
			newPeopleCmd(a, nil, nil),
			newCheckCmd(a, nil),
		}},
	} {
		for _, c := range g.cmds {
			c.GroupID = g.id
			root.AddCommand(c)
		}
	}
	root.AddCommand(newVersionCmd(a, nil))
	// cobra adds help and completion itself when it runs; adding them now
	// lets their argument checks be typed as usage errors like the verbs'.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	helpCobraCommands(root)
	typeArgErrors(root)
	registerCompletions(root, a)
	return root
}

// helpCobraCommands gives the commands cobra makes, help and completion
// with a verb per shell, the examples and EXIT STATUS every verb has.
func helpCobraCommands(root *cobra.Command) {
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Long = "Print the help of scribe, or of the verb named." + "\n" + exitStatusHelp
			c.Example = "  scribe help\n  scribe help decide"
		case "completion":
			c.Long += "\n" + exitStatusHelp
			c.Example = "  source <(scribe completion bash)\n  scribe completion zsh > \"${fpath[1]}/_scribe\"\n  scribe completion fish > ~/.config/fish/completions/scribe.fish"
			for _, sh := range c.Commands() {
				sh.Long += "\n" + exitStatusHelp
				if sh.Example == "" {
					sh.Example = "  scribe completion " + sh.Name() + " --help"
				}
			}
		}
	}
}

// plainFlagError rewords a flag value that does not parse without Go's
// parser in it: `invalid argument "lots" for "-n, --limit" flag: want a
// whole number` rather than "…: strconv.ParseInt: parsing "lots": invalid
// syntax".
func plainFlagError(err error) error {
	msg := err.Error()
	head, parser, ok := strings.Cut(msg, ": strconv.Parse")
	if !ok {
		return err
	}
	want := "a number"
	switch {
	case strings.HasPrefix(parser, "Int"), strings.HasPrefix(parser, "Uint"):
		want = "a whole number"
	case strings.HasPrefix(parser, "Bool"):
		want = "true or false"
	}
	return fmt.Errorf("%s: want %s", head, want)
}

// cobra's flag-group errors, which list flags as Go writes a slice.
var (
	groupOneRequired = regexp.MustCompile(`^at least one of the flags in the group \[([^\]]*)\] is required$`)
	groupExclusive   = regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set none of the others can be; \[([^\]]*)\] were all set$`)
	requiredFlags    = regexp.MustCompile(`^required flag\(s\) (.*) not set$`)
)

// plainGroupError rewords cobra's flag-group and required-flag errors
// with the flags as they are typed: "say one of --pick, --text or
// --omit", "--pick and --omit cannot be given together", "--role is
// required".
func plainGroupError(err error) error {
	flags := func(list string) []string {
		var out []string
		for _, f := range strings.Fields(list) {
			out = append(out, "--"+f)
		}
		return out
	}
	if m := groupOneRequired.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("say one of %s", orList(flags(m[1])))
	}
	if m := requiredFlags.FindStringSubmatch(err.Error()); m != nil {
		var set []string
		for _, f := range strings.Split(m[1], ", ") {
			set = append(set, "--"+strings.Trim(f, `"`))
		}
		return fmt.Errorf("%s is required", strings.Join(set, " and "))
	}
	if m := groupExclusive.FindStringSubmatch(err.Error()); m != nil {
		set := flags(m[2])
		return fmt.Errorf("%s cannot be given together: give one of them", strings.Join(set[:len(set)-1], ", ")+" and "+set[len(set)-1])
	}
	return err
}

// orList writes values as "a, b or c".
func orList(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// oneTarget wraps the argument check of a verb that takes one DOCUMENT or
// DOCUMENT/PAGE, so that a page given in two words, or in the wrong order,
// gets the one argument to write instead: "book 003" and "003 book" are
// book/003, and for a verb with --row, "003 5" is --row 5.
func oneTarget(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if len(a) == 2 {
			if hint := orderHint(cmd, a[0], a[1]); hint != "" {
				return usageError{errors.New(hint)}
			}
		}
		return v(cmd, a)
	}
}

// orderHint says how to write two arguments that name one page, or ""
// when they do not look like that.
func orderHint(cmd *cobra.Command, first, second string) string {
	digits := func(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
	docLike := func(s string) bool { return s != "" && !digits(s) && !strings.ContainsAny(s, "/.") }
	verb := cmd.CommandPath()
	switch {
	case cmd.Flags().Lookup("row") != nil && !docLike(first) && digits(second):
		return fmt.Sprintf("%s takes one page and the row as a flag: %s %s --row %s …", verb, verb, first, second)
	case docLike(first) && digits(second):
		return fmt.Sprintf("%s takes the page as one argument, DOCUMENT/PAGE: %s %s/%s", verb, verb, first, second)
	case digits(first) && docLike(second):
		return fmt.Sprintf("%s takes the page as one argument, the document first: %s %s/%s", verb, verb, second, first)
	}
	return ""
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

// typeArgErrors makes the argument checks of every command under c that
// does not type its own errors (cobra's help and completion) usage errors.
func typeArgErrors(c *cobra.Command) {
	for _, sub := range c.Commands() {
		if v := sub.Args; v != nil {
			sub.Args = func(cmd *cobra.Command, a []string) error {
				err := v(cmd, a)
				if err != nil && !errors.As(err, new(usageError)) {
					return usageError{err}
				}
				return err
			}
		}
		typeArgErrors(sub)
	}
}
