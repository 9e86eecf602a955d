package project

import (
	"fmt"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/ids"
)

// GitUser is git's user.name and user.email as configured for a
// repository; both are empty outside one, or when git has no user.
type GitUser struct{ Name, Email string }

// String shows git's user as git would: "Name <email>", or what is set.
func (u GitUser) String() string { return gitWho(u.Name, u.Email) }

// Intent is what a command does in someone's name, which decides how far
// --as is believed.
type Intent int

const (
	// Reading is a read-only command answering for someone (scribe next):
	// --as is taken at its word, as it writes nothing in anyone's name.
	Reading Intent = iota
	// Writing is a command that writes in someone's name (submit, decide,
	// accept, review): --as names yourself, or, for a maintainer, the
	// person acted for.
	Writing
)

// NeedsGit reports whether Identity looks at git's user for this intent
// and --as, so that a caller reads git's configuration only when it counts.
func (i Intent) NeedsGit(as string) bool { return i == Writing || as == "" }

// Actor is who a command acts for, and who asked for it.
//
// The embedded Person is the one the command acts for: the contributor of
// a submitted reading and its commit's author, the "by" of a decision. By
// is the person git names at the keyboard: the same person when acting for
// oneself, a maintainer when For is set, and the zero Person when git
// names nobody registered (a new contributor under open contributions) or
// was not asked (a read-only command given --as). Git is git's user as
// configured, which By was mapped from: the committer of what is committed.
type Actor struct {
	Person
	By  Person
	For bool // By is a maintainer acting for another person
	Git GitUser
}

// Acting says, for a maintainer acting for someone else, who acts for
// whom ("maintainer jane acting for rev"), for the command to report; it is
// "" when the actor acts for themself.
func (a Actor) Acting() string {
	if !a.For {
		return ""
	}
	return fmt.Sprintf("maintainer %s acting for %s", a.By.ID, a.ID)
}

// Identity is the one identity rule of scribe's commands: who you are is
// your git identity, git's user.email, else user.name, mapped through
// [people] as Lookup maps them (an email or login without regard to case,
// or an id); as is the --as flag. What as may say depends on intent.
//
// Writing, for the commands that write on someone's behalf (submit,
// decide, accept, review):
//
//   - Without as, you act as that person.
//   - as naming yourself changes nothing.
//   - as naming someone else is for maintainers only: a maintainer acts for
//     that person (For is set and By is the maintainer); anyone else is
//     refused, told who git says they are.
//   - When git names nobody registered, as may not name a registered person,
//     whose git identity you would need; an unregistered as is a new
//     contributor when the policy has open contributions, and refused
//     otherwise.
//
// The OCR engine never acts: its readings come from `scribe import`, so
// neither as nor git may name it.
//
// Reading, for the read-only `scribe next`: the id given with as,
// registered or (with open contributions) not, else the git user. It does
// not check that as is you, since nothing is written in anyone's name.
//
// git's identity is whatever the user configured, so this rule keeps honest
// people from writing in another's name by mistake or by habit; it is not
// authentication. A forge's pull-request check, which knows the author's
// login, is where that is enforced.
func (p *Project) Identity(intent Intent, as string, git GitUser) (Actor, error) {
	if intent == Reading {
		return p.identify(as, git)
	}
	return p.actor(as, git)
}

// actor is Identity's rule for Writing.
func (p *Project) actor(as string, git GitUser) (Actor, error) {
	gitName, gitEmail := git.Name, git.Email
	if as != "" {
		if err := ids.Contributor(as); err != nil {
			return Actor{}, err
		}
		if as == OCR {
			return Actor{}, errOCRActs
		}
	}
	me, registered := p.gitPerson(gitName, gitEmail)
	if registered && me.ID == OCR {
		return Actor{}, fmt.Errorf("git says you are %s, which is the OCR engine's id: the OCR engine's readings come from `scribe import`, and it never acts; set git's user.email to the email registered for you in transcriptions/project.toml", git)
	}
	switch {
	case registered && (as == "" || as == me.ID):
		return Actor{Person: me, By: me, Git: git}, nil
	case registered && me.Role < Maintainer:
		return Actor{}, fmt.Errorf("git says you are %s (%s, a %s): only a maintainer may act for another person, so you cannot act as %s. Leave out --as to act as yourself; if you are %s, set git's user.email to %s",
			me.ID, git, me.Role, as, as, p.emailHint(as))
	case registered:
		other, err := p.actedFor(as)
		if err != nil {
			return Actor{}, err
		}
		return Actor{Person: other, By: me, For: true, Git: git}, nil
	case as == "":
		return Actor{}, p.unknownGitUser(gitName, gitEmail)
	}
	if _, ok := p.Person(as); ok {
		nobody := "git has no user.email or user.name here"
		if gitName != "" || gitEmail != "" {
			nobody = fmt.Sprintf("git says you are %s, who is not in transcriptions/project.toml", git)
		}
		return Actor{}, fmt.Errorf("%s is registered in transcriptions/project.toml, and %s: you cannot act as a registered person without their git identity. If you are %s, set git's user.email to %s",
			as, nobody, as, p.emailHint(as))
	}
	other, err := p.actedFor(as)
	if err != nil {
		return Actor{}, err
	}
	return Actor{Person: other, Git: git}, nil
}

// identify is Identity's rule for Reading.
func (p *Project) identify(as string, git GitUser) (Actor, error) {
	if as != "" {
		if err := ids.Contributor(as); err != nil {
			return Actor{}, err
		}
		if person, ok := p.Person(as); ok {
			return Actor{Person: person, Git: git}, nil
		}
		if p.Policy.OpenContributions {
			return Actor{Person: Person{ID: as, Role: Contributor}, Git: git}, nil
		}
		return Actor{}, notRegistered(as)
	}
	if me, ok := p.gitPerson(git.Name, git.Email); ok {
		return Actor{Person: me, By: me, Git: git}, nil
	}
	if git.Name == "" && git.Email == "" {
		return Actor{}, fmt.Errorf("who are you? pass --as ID, or %s", setGitUser)
	}
	return Actor{}, fmt.Errorf("the git user %s is not in transcriptions/project.toml: pass --as ID, or ask a maintainer to register you with `scribe people add ID --role contributor --email %s`", git, git.Email)
}

var errOCRActs = fmt.Errorf("%q is the OCR engine: its readings come from `scribe import`, and it never submits or decides; pass your own id, or leave out --as", OCR)

// gitPerson maps git's user to a person: the email first, else the name,
// each as Lookup finds them.
func (p *Project) gitPerson(gitName, gitEmail string) (Person, bool) {
	for _, who := range []string{gitEmail, gitName} {
		if who == "" {
			continue
		}
		if person, ok := p.Lookup(who); ok {
			return person, true
		}
	}
	return Person{}, false
}

// actedFor is the person id names when someone may act for them: the
// registered person, or with open contributions a new contributor.
func (p *Project) actedFor(id string) (Person, error) {
	if person, ok := p.Person(id); ok {
		return person, nil
	}
	if p.Policy.OpenContributions {
		return Person{ID: id, Role: Contributor}, nil
	}
	return Person{}, notRegistered(id)
}

// unknownGitUser is the error for a git user who names nobody registered,
// with what to do about it.
func (p *Project) unknownGitUser(gitName, gitEmail string) error {
	open := ""
	if p.Policy.OpenContributions {
		open = "; or, as a new contributor, pass --as with an id of your choosing"
	}
	if gitName == "" && gitEmail == "" {
		return fmt.Errorf("who are you? %s; if you are not registered yet, ask a maintainer to register you with `scribe people add ID --role contributor --email ADDRESS`%s", setGitUser, open)
	}
	if gitEmail == "" {
		return fmt.Errorf("the git user %s is not in transcriptions/project.toml, and git has no user.email here: set git's user.email to the email registered for you in transcriptions/project.toml (git config --global user.email ADDRESS), or ask a maintainer to register you with `scribe people add ID --role contributor --email YOUR-EMAIL`%s", gitName, open)
	}
	return fmt.Errorf("the git user %s is not in transcriptions/project.toml: ask a maintainer to register you with `scribe people add ID --role contributor --email %s`%s", gitWho(gitName, gitEmail), gitEmail, open)
}

// setGitUser says what to set when git has no user: the one place that
// says it, for every command.
const setGitUser = `set git's user.email to the email registered for you in transcriptions/project.toml, and user.name to your name: git config --global user.email ADDRESS; git config --global user.name "YOUR NAME"`

// emailHint names the email git should have for id to be recognised.
func (p *Project) emailHint(id string) string {
	person, ok := p.Person(id)
	switch {
	case !ok:
		return fmt.Sprintf("the email registered for %s in transcriptions/project.toml (%s is not registered yet)", id, id)
	case person.Email == "":
		return fmt.Sprintf("the email registered for %s in transcriptions/project.toml (there is none yet: a maintainer adds email = \"...\" under [people.%s])", id, id)
	}
	return fmt.Sprintf("the email registered for %s in transcriptions/project.toml", id)
}

func notRegistered(id string) error {
	return fmt.Errorf("%q is not registered in transcriptions/project.toml: ask a maintainer to run `scribe people add %s --role contributor --email YOUR-EMAIL`", id, id)
}

// gitWho shows git's user as git would: "Name <email>", or what is set.
func gitWho(gitName, gitEmail string) string {
	switch {
	case gitName == "" && gitEmail == "":
		return "nobody"
	case gitEmail == "":
		return gitName
	case gitName == "":
		return "<" + gitEmail + ">"
	}
	return strings.TrimSpace(gitName) + " <" + gitEmail + ">"
}
