package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Shell completion. One walk over the command tree gives every verb the
// completion of its arguments, read from its usage line (DOCUMENT/PAGE,
// DOCUMENT[/PAGE], DOCUMENT, CONTRIBUTOR), and of its flags, by name, so
// that a new verb gets it by naming its arguments and flags as the others
// do.

// roles are the values of --role, lowest first.
var roles = []string{"contributor", "reviewer", "maintainer"}

// flagValues are the fixed values of flags, by name.
var flagValues = map[string][]string{
	"color":  colorModes,
	"format": checkFormats,
	"role":   roles,
}

// completedFlags are the flags completed wherever a command has them.
var completedFlags = []string{"pick", "readings", "as", "repo", "color", "format", "role"}

// argKind is what a positional argument names, as a usage line writes it.
type argKind int

const (
	argOther       argKind = iota // a file or anything else: the shell's own completion
	argPage                       // DOCUMENT/PAGE
	argDocOrPage                  // DOCUMENT[/PAGE]
	argDocument                   // DOCUMENT
	argContributor                // CONTRIBUTOR: one of the page's readings
	argNew                        // a name to be made (import's DOCUMENT, people add's ID): nothing to offer
)

// usageArgs reads the kinds of a command's positional arguments from its
// usage line: "decide DOCUMENT/PAGE (--row N …)" has one, a page.
func usageArgs(c *cobra.Command) []argKind {
	var kinds []argKind
	for _, f := range strings.Fields(c.Use)[1:] {
		if strings.HasPrefix(f, "(") || strings.HasPrefix(f, "-") || strings.HasPrefix(f, "[-") {
			break
		}
		word := strings.Trim(f, "[]")
		switch {
		case word == "DOCUMENT/PAGE":
			kinds = append(kinds, argPage)
		case strings.HasPrefix(word, "DOCUMENT[/PAGE"):
			kinds = append(kinds, argDocOrPage)
		case word == "ID", word == "DOCUMENT" && c.Name() == "import":
			kinds = append(kinds, argNew)
		case word == "DOCUMENT":
			kinds = append(kinds, argDocument)
		case word == "CONTRIBUTOR":
			kinds = append(kinds, argContributor)
		default:
			kinds = append(kinds, argOther)
		}
	}
	return kinds
}

// registerCompletions gives c and every command under it the completion
// of its arguments and flags, where the command has not set its own.
func registerCompletions(c *cobra.Command, a *app) {
	if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 && c.Runnable() {
		if kinds := usageArgs(c); len(kinds) > 0 {
			c.ValidArgsFunction = a.completeArgs(kinds)
		}
	}
	for _, name := range completedFlags {
		if c.LocalFlags().Lookup(name) == nil {
			continue
		}
		if _, ok := c.GetFlagCompletionFunc(name); ok {
			continue
		}
		var fn cobra.CompletionFunc
		switch name {
		case "pick":
			fn = a.completeContributors(false)
		case "readings":
			fn = a.completeContributors(true)
		case "as":
			fn = a.completePeople
		case "repo":
			fn = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return nil, cobra.ShellCompDirectiveFilterDirs
			}
		default:
			fn = cobra.FixedCompletions(flagValues[name], cobra.ShellCompDirectiveNoFileComp)
		}
		_ = c.RegisterFlagCompletionFunc(name, fn)
	}
	for _, sub := range c.Commands() {
		registerCompletions(sub, a)
	}
}

// completeArgs completes the next positional argument by its kind.
func (a *app) completeArgs(kinds []argKind) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= len(kinds) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		switch kinds[len(args)] {
		case argPage:
			return a.completeTarget(toComplete, true, false)
		case argDocOrPage:
			return a.completeTarget(toComplete, true, true)
		case argDocument:
			return a.completeTarget(toComplete, false, true)
		case argContributor:
			ids := a.pageReadings(args)
			return withPrefix(ids, toComplete, args), cobra.ShellCompDirectiveNoFileComp
		case argNew:
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveDefault
	}
}

// completeTarget completes a document or DOCUMENT/PAGE. With pages, a
// document is offered as "DOCUMENT/" to go on with its pages, and in a
// project with a single document its pages are offered alone too; with
// docs, a document alone is a whole answer.
func (a *app) completeTarget(toComplete string, pages, docs bool) ([]string, cobra.ShellCompDirective) {
	none := cobra.ShellCompDirectiveNoFileComp
	repo, err := a.repo()
	if err != nil {
		return nil, none
	}
	prefix := ""
	if rest, ok := strings.CutPrefix(toComplete, layout.Dir+"/"); ok {
		prefix, toComplete = layout.Dir+"/", rest
	}
	ids, err := repo.Documents()
	if err != nil {
		return nil, none
	}
	if docID, pagePart, ok := strings.Cut(toComplete, "/"); ok {
		if !pages || !slices.Contains(ids, docID) {
			return nil, none
		}
		doc, err := repo.Document(docID)
		if err != nil {
			return nil, none
		}
		var out []string
		for _, p := range doc.Pages {
			if strings.HasPrefix(p.ID, pagePart) {
				out = append(out, prefix+docID+"/"+p.ID)
			}
		}
		return out, none
	}
	var out []string
	directive := none
	for _, id := range ids {
		if !strings.HasPrefix(id, toComplete) {
			continue
		}
		title := ""
		if doc, err := repo.Document(id); err == nil && doc.Title != "" {
			title = "\t" + doc.Title
		}
		if docs && !pages {
			out = append(out, prefix+id+title)
			continue
		}
		// The document's pages come next: no space after it.
		out = append(out, prefix+id+"/"+title)
		directive |= cobra.ShellCompDirectiveNoSpace
	}
	if pages && prefix == "" && len(ids) == 1 {
		if doc, err := repo.Document(ids[0]); err == nil {
			for _, p := range doc.Pages {
				if strings.HasPrefix(p.ID, toComplete) {
					out = append(out, p.ID)
				}
			}
		}
	}
	return out, directive
}

// completeContributors completes a contributor id: the readings of the
// page the command names, or everyone registered while it names none.
// With list, the flag takes ids separated by commas and each is completed
// after the ones already given.
func (a *app) completeContributors(list bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		ids := a.pageReadings(args)
		if ids == nil {
			ids = a.roster(true)
		}
		if !list {
			return withPrefix(ids, toComplete, nil), cobra.ShellCompDirectiveNoFileComp
		}
		i := strings.LastIndex(toComplete, ",")
		given := strings.Split(toComplete[:i+1], ",")
		var out []string
		for _, id := range withPrefix(ids, toComplete[i+1:], given) {
			out = append(out, toComplete[:i+1]+id)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// completePeople completes --as: the people registered in project.toml.
func (a *app) completePeople(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return a.roster(false), cobra.ShellCompDirectiveNoFileComp
}

// roster is the ids of the project's people, sorted; withOCR adds the OCR
// engine, which has readings but never acts.
func (a *app) roster(withOCR bool) []string {
	_, proj, err := a.project()
	if err != nil {
		return nil
	}
	var ids []string
	for _, p := range proj.Roster() {
		if withOCR || p.ID != project.OCR {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// pageReadings is the contributors with a reading of the page args[0]
// names; nil when it names none.
func (a *app) pageReadings(args []string) []string {
	if len(args) == 0 {
		return nil
	}
	repo, err := a.repo()
	if err != nil {
		return nil
	}
	addr, _, err := repo.Resolve(args[0])
	if err != nil || addr.Page == "" {
		return nil
	}
	readings, err := repo.Readings(addr.Document, addr.Page)
	if err != nil {
		return nil
	}
	ids := []string{}
	for _, r := range readings {
		ids = append(ids, r.Contributor)
	}
	return ids
}

// withPrefix keeps the ids that start with prefix and are not among
// given.
func withPrefix(ids []string, prefix string, given []string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) && !slices.Contains(given, id) {
			out = append(out, id)
		}
	}
	return out
}
