package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/status"
)

type nextOptions struct {
	*app
	as     string
	asJSON bool
}

func newNextCmd(a *app, runF func(context.Context, *nextOptions) error) *cobra.Command {
	if runF == nil {
		runF = runNext
	}
	o := &nextOptions{app: a}
	cmd := &cobra.Command{
		Use:   "next",
		Short: "Name the next page for you to read",
		Long: `Name the next page you should read: the first page, in document order
(documents sorted by id, pages as document.toml lists them), that has fewer
readings than policy.readings_required in project.toml and none of yours.
It shows the page's printed number and scan when document.toml gives them,
who has read it, the file to write your reading to and the command that
submits it.

You are --as ID, or the git user (user.email or user.name) registered in
transcriptions/project.toml.

When no page is left for you, it says so and exits 0. --json gives
{document, page, printed, scan, readings, path} ("" for a missing printed
number or scan), or {"done": true} when nothing is left.` + "\n" + exitStatusHelp,
		Example: `  scribe next
  scribe next --as jane-doe
  scribe next --json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.as, "as", "", "act as the contributor `ID` instead of the git user")
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

// runNext names the first page that needs a reading and has none of
// yours.
func runNext(_ context.Context, o *nextOptions) error {
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	actor, err := identity(openGit(repo), proj, o.as, project.Reading)
	if err != nil {
		return err
	}
	who := actor.Person
	next, ok, err := status.Next(repo, proj, who.ID)
	if err != nil {
		return err
	}
	if o.asJSON {
		if !ok {
			return writeJSON(o.io.Out, struct {
				Done bool `json:"done"`
			}{true})
		}
		return writeJSON(o.io.Out, next)
	}
	if !ok {
		_, err := fmt.Fprintf(o.io.Out, "nothing left to read for %s: every page has its readings or yours\n", who.ID)
		return err
	}
	return renderNext(o.io.Out, who.ID, o.as != "", proj.Policy.ReadingsRequired, next)
}

// renderNext prints the page and what to do with it. withAs repeats --as
// in the submit command, since the git user did not name the contributor.
func renderNext(w io.Writer, id string, withAs bool, required int, p *status.NextPage) error {
	addr := p.Document + "/" + p.Page
	fmt.Fprintf(w, "next page for %s: %s\n", id, addr)
	if p.Printed != "" {
		fmt.Fprintf(w, "  printed page: %s\n", p.Printed)
	}
	if p.Scan != "" {
		fmt.Fprintf(w, "  scan:         %s\n", p.Scan)
	}
	who := "nobody yet"
	if len(p.Readings) > 0 {
		who = strings.Join(p.Readings, ", ")
	}
	fmt.Fprintf(w, "  read by:      %s (%d of %d readings)\n", who, len(p.Readings), required)
	fmt.Fprintf(w, "  write to:     %s\n", p.Path)
	submit := fmt.Sprintf("scribe submit %s %s", addr, p.Path)
	if withAs {
		submit += " --as " + id
	}
	_, err := fmt.Fprintf(w, "  then submit:  %s\n", submit)
	return err
}
