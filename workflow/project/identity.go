package project

import (
	"fmt"

	"github.com/scribe-transcription/scribe/workflow/ids"
)

// Identify says who is acting: the id given with --as, else the git
// user's email or name mapped through [people]. An unknown id is refused
// with the command that would register it, except that with open
// contributions an unlisted id may contribute.
func (p *Project) Identify(as, gitName, gitEmail string) (Person, error) {
	if as != "" {
		if err := ids.Contributor(as); err != nil {
			return Person{}, err
		}
		if person, ok := p.Person(as); ok {
			return person, nil
		}
		if p.Policy.OpenContributions {
			return Person{ID: as, Role: Contributor}, nil
		}
		return Person{}, fmt.Errorf("%q is not registered in transcriptions/project.toml: ask a maintainer to run `scribe people add %s --role contributor --email YOUR-EMAIL`", as, as)
	}
	for _, who := range []string{gitEmail, gitName} {
		if person, ok := p.Lookup(who); ok && who != "" {
			return person, nil
		}
	}
	if gitName == "" && gitEmail == "" {
		return Person{}, fmt.Errorf("who are you? pass --as ID, or set git's user.email to the email registered for you in transcriptions/project.toml")
	}
	return Person{}, fmt.Errorf("the git user %s <%s> is not in transcriptions/project.toml: pass --as ID, or ask a maintainer to register you with `scribe people add ID --role contributor --email %s`", gitName, gitEmail, gitEmail)
}
