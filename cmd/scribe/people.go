package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// personJSON is one entry of `scribe people --json`.
type personJSON struct {
	ID      string `json:"id"`
	Role    string `json:"role"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Login   string `json:"login"`
	Builtin bool   `json:"builtin"`
}

type peopleOptions struct {
	*app
	asJSON bool
}

func newPeopleCmd(a *app, runF func(context.Context, *peopleOptions) error, addF func(context.Context, *peopleAddOptions) error) *cobra.Command {
	if runF == nil {
		runF = runPeople
	}
	o := &peopleOptions{app: a}
	cmd := &cobra.Command{
		Use:   "people",
		Short: "List the people of the project and their roles",
		Long: `List the people of transcriptions/project.toml, sorted by id: their role,
name, email (which maps a git author to the id) and forge login. The built-in
contributor "ocr", the OCR engine, is listed too, marked "(built in)".
--json gives an array of {id, role, name, email, login, builtin}.

A maintainer registers a person with "scribe people add".` + "\n" + exitStatusHelp,
		Example: `  scribe people
  scribe people --json
  scribe people add jane-doe --role contributor --name "Jane Doe" --email jane@example.org`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	cmd.AddCommand(newPeopleAddCmd(a, addF))
	return cmd
}

// runPeople lists the project's people, the OCR engine among them.
func runPeople(_ context.Context, o *peopleOptions) error {
	_, proj, err := o.project()
	if err != nil {
		return err
	}
	roster := proj.Roster()
	if o.asJSON {
		out := make([]personJSON, 0, len(roster))
		for _, p := range roster {
			out = append(out, personJSON{ID: p.ID, Role: p.Role.String(), Name: p.Name, Email: p.Email, Login: p.Login, Builtin: p.ID == project.OCR})
		}
		return writeJSON(o.io.Out, out)
	}
	return renderPeople(o.io.Out, roster)
}

func renderPeople(w io.Writer, roster []project.Person) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\trole\tname\temail\tlogin")
	for _, p := range roster {
		name := p.Name
		if p.ID == project.OCR {
			name += " (built in)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Role, dash(strings.TrimSpace(name)), dash(p.Email), dash(p.Login))
	}
	return tw.Flush()
}

type peopleAddOptions struct {
	*app
	id                       string
	role, name, email, login string
}

func newPeopleAddCmd(a *app, runF func(context.Context, *peopleAddOptions) error) *cobra.Command {
	if runF == nil {
		runF = runPeopleAdd
	}
	o := &peopleAddOptions{app: a}
	cmd := &cobra.Command{
		Use:   "add ID --role ROLE",
		Short: "Register a person in project.toml",
		Long: `Register the person ID in transcriptions/project.toml with a role:
contributor (submits readings), reviewer (also settles disputed lines) or
maintainer (also runs the project). --email maps a git author to the id and
--login a forge account; both must be the person's own. The email is an
address alone, such as jane@example.org: one without an @, with a display
name ("Jane <jane@example.org>") or otherwise malformed is refused.

A [people.ID] table is appended at the end of the file; the rest of the file,
comments included, is kept byte for byte. The id must be a valid contributor id
that is not listed yet, and not "ocr", which is built in. scribe does not
commit the change: a maintainer reviews and commits it.` + "\n" + exitStatusHelp,
		Example: `  scribe people add jane-doe --role contributor --email jane@example.org
  scribe people add sam --role reviewer --name "Sam Roe" --login samroe`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.id = argv[0]
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.role, "role", "", "contributor, reviewer or maintainer (required)")
	f.StringVar(&o.name, "name", "", "the person's name, as they wish to be credited")
	f.StringVar(&o.email, "email", "", "the email of the person's git commits, which maps them to the id")
	f.StringVar(&o.login, "login", "", "the person's forge account (e.g. their GitHub login)")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

// runPeopleAdd appends the person to project.toml, under the repository's
// lock, keeping the rest of the file as it is.
func runPeopleAdd(ctx context.Context, o *peopleAddOptions) error {
	role, err := project.ParseRole(o.role)
	if err != nil {
		return err
	}
	repo, err := o.repo()
	if err != nil {
		return err
	}
	person := project.Person{ID: o.id, Role: role, Name: o.name, Email: o.email, Login: o.login}
	rel := layout.ProjectPath()
	err = repo.Update(ctx, func(context.Context) (func() error, error) {
		src, err := os.ReadFile(repo.Abs(rel))
		if err != nil {
			return nil, err
		}
		out, err := project.AddPerson(rel, src, person)
		if err != nil {
			return nil, err
		}
		return func() error { return repo.WriteFile(rel, out) }, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(o.io.Out, "added %s as %s to %s\n", person.ID, role, rel)
	fmt.Fprintf(o.io.Out, "scribe does not commit it: a maintainer reviews and commits the change to %s\n", rel)
	return nil
}
