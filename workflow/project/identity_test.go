package project

import (
	"strings"
	"testing"
)

// TestIdentityReading covers the rule of the read-only commands: --as is
// taken at its word, else git names you.
func TestIdentityReading(t *testing.T) {
	p := &Project{Policy: Policy{ReadingsRequired: 2}, People: []Person{
		{ID: "alice", Role: Reviewer, Email: "alice@example.org", Name: "Alice A."},
		{ID: "bob", Role: Contributor, Login: "bobgh"},
	}}
	tests := []struct {
		as, name, email string
		want            string
		wantErr         string
	}{
		{as: "alice", want: "alice"},
		{as: "ocr", want: "ocr"},
		{name: "Whoever", email: "ALICE@example.org", want: "alice"},
		{name: "bob", email: "other@example.org", want: "bob"},
		{as: "carol", wantErr: "scribe people add carol --role contributor"},
		{as: "Carol", wantErr: "uppercase"},
		{name: "Carol", email: "carol@example.org", wantErr: "--email carol@example.org"},
		{wantErr: "pass --as ID"},
	}
	for _, tt := range tests {
		git := GitUser{Name: tt.name, Email: tt.email}
		got, err := p.Identity(Reading, tt.as, git)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Identity(Reading, %q, %q) = %v, %v; want error with %q", tt.as, git, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.ID != tt.want || got.Git != git || got.For {
			t.Errorf("Identity(Reading, %q, %q) = %+v, %v; want %s", tt.as, git, got, err, tt.want)
		}
		// By is whom git named, and only when it was asked.
		if by := map[bool]string{true: "", false: tt.want}[tt.as != ""]; got.By.ID != by {
			t.Errorf("Identity(Reading, %q, %q): by %q, want %q", tt.as, git, got.By.ID, by)
		}
	}
	p.Policy.OpenContributions = true
	if got, err := p.Identity(Reading, "carol", GitUser{}); err != nil || got.ID != "carol" || got.Role != Contributor {
		t.Errorf("open contributions: %v, %v", got, err)
	}
}

func TestNeedsGit(t *testing.T) {
	for _, tt := range []struct {
		intent Intent
		as     string
		want   bool
	}{
		{Reading, "", true},
		{Reading, "jane", false},
		{Writing, "", true},
		{Writing, "jane", true},
	} {
		if got := tt.intent.NeedsGit(tt.as); got != tt.want {
			t.Errorf("%v.NeedsGit(%q) = %v, want %v", tt.intent, tt.as, got, tt.want)
		}
	}
}

// TestIdentityWriting covers every branch of the identity rule of the
// commands that write: who git names, what --as names, and open
// contributions.
func TestIdentityWriting(t *testing.T) {
	people := []Person{
		{ID: "alice", Role: Reviewer, Email: "alice@example.org", Name: "Alice A."},
		{ID: "bob", Role: Contributor, Login: "bobgh"},
		{ID: "max", Role: Maintainer, Email: "max@example.org"},
		{ID: "rev", Role: Reviewer},
	}
	tests := []struct {
		name            string
		open            bool
		as, user, email string // --as, git's user.name and user.email
		want, by        string // the actor and who acts ("" for nobody)
		wantFor         bool
		wantErr         []string
	}{
		// Who git says you are, without --as.
		{name: "git email, any case", user: "Whoever", email: "ALICE@example.org", want: "alice", by: "alice"},
		{name: "git email alone", email: "alice@example.org", want: "alice", by: "alice"},
		{name: "git name is an id", user: "bob", email: "other@example.org", want: "bob", by: "bob"},
		{name: "git name is a login", user: "BobGH", want: "bob", by: "bob"},
		{name: "the email wins over the name", user: "bob", email: "alice@example.org", want: "alice", by: "alice"},
		{name: "no git identity", wantErr: []string{"who are you?", "set git's user.email to the email registered for you in transcriptions/project.toml, and user.name to your name: git config --global user.email ADDRESS; git config --global user.name \"YOUR NAME\"", "scribe people add ID --role contributor"}},
		{name: "no git identity, open", open: true, wantErr: []string{"who are you?", "as a new contributor, pass --as"}},
		{name: "unregistered git user", user: "Kim", email: "kim@example.org",
			wantErr: []string{"the git user Kim <kim@example.org> is not in transcriptions/project.toml", "scribe people add ID --role contributor --email kim@example.org"}},
		{name: "unregistered git user without email", user: "Kim", wantErr: []string{"the git user Kim is not", "git has no user.email here: set git's user.email to the email registered for you in transcriptions/project.toml (git config --global user.email ADDRESS)", "--email YOUR-EMAIL"}},
		{name: "unregistered git user, open", open: true, user: "Kim", email: "kim@example.org", wantErr: []string{"is not in transcriptions/project.toml", "as a new contributor, pass --as"}},

		// --as naming yourself.
		{name: "as yourself", as: "alice", email: "alice@example.org", want: "alice", by: "alice"},
		{name: "as yourself by git name", as: "rev", user: "rev", want: "rev", by: "rev"},

		// --as naming someone else: maintainers only.
		{name: "maintainer for a reviewer", as: "rev", email: "MAX@example.org", want: "rev", by: "max", wantFor: true},
		{name: "maintainer for a contributor", as: "bob", email: "max@example.org", want: "bob", by: "max", wantFor: true},
		{name: "maintainer for nobody registered", as: "carol", email: "max@example.org", wantErr: []string{`"carol" is not registered`, "scribe people add carol --role contributor"}},
		{name: "maintainer for a newcomer, open", open: true, as: "carol", email: "max@example.org", want: "carol", by: "max", wantFor: true},
		{name: "reviewer for a reviewer", as: "rev", user: "Alice", email: "alice@example.org",
			wantErr: []string{"git says you are alice (Alice <alice@example.org>, a reviewer)", "only a maintainer may act for another person", "cannot act as rev", "Leave out --as", "if you are rev, set git's user.email to the email registered for rev", "there is none yet"}},
		{name: "contributor for a reviewer", as: "alice", user: "bob",
			wantErr: []string{"git says you are bob (bob, a contributor)", "cannot act as alice", "the email registered for alice in transcriptions/project.toml"}},
		{name: "contributor for a newcomer, open", open: true, as: "carol", user: "bob", wantErr: []string{"git says you are bob", "only a maintainer", "carol is not registered yet"}},

		// --as without a registered git identity.
		{name: "no git identity, as a registered person", as: "alice",
			wantErr: []string{"alice is registered in transcriptions/project.toml, and git has no user.email or user.name here", "cannot act as a registered person without their git identity", "set git's user.email to the email registered for alice"}},
		{name: "no git identity, as a registered person, open", open: true, as: "rev", wantErr: []string{"rev is registered", "without their git identity"}},
		{name: "unregistered git user, as a registered person", open: true, as: "alice", user: "Kim", email: "kim@example.org",
			wantErr: []string{"git says you are Kim <kim@example.org>, who is not in transcriptions/project.toml", "without their git identity"}},
		{name: "no git identity, as a newcomer", as: "carol", wantErr: []string{`"carol" is not registered in transcriptions/project.toml`, "scribe people add carol --role contributor --email YOUR-EMAIL"}},
		{name: "no git identity, as a newcomer, open", open: true, as: "carol", want: "carol"},
		{name: "unregistered git user, as a newcomer, open", open: true, as: "carol", user: "Carol", email: "carol@example.org", want: "carol"},

		// Ids that never act.
		{name: "as an invalid id", as: "../x", email: "max@example.org", wantErr: []string{`invalid contributor id "../x"`}},
		{name: "as an uppercase id", open: true, as: "Carol", wantErr: []string{"uppercase"}},
		{name: "as the OCR engine", as: "ocr", wantErr: []string{`"ocr" is the OCR engine`, "scribe import"}},
		{name: "maintainer as the OCR engine", as: "ocr", email: "max@example.org", wantErr: []string{`"ocr" is the OCR engine`}},
		{name: "git names the OCR engine", user: "ocr", wantErr: []string{"git says you are ocr, which is the OCR engine's id"}},
		{name: "git names the OCR engine, as someone", as: "bob", user: "ocr", email: "ocr@contributors.invalid", wantErr: []string{"which is the OCR engine's id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Project{Policy: Policy{ReadingsRequired: 2, OpenContributions: tt.open}, People: people}
			git := GitUser{Name: tt.user, Email: tt.email}
			got, err := p.Identity(Writing, tt.as, git)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("Identity(Writing, %q, %q, %q) = %+v; want an error", tt.as, tt.user, tt.email, got)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Identity(Writing, %q, %q, %q): %v", tt.as, tt.user, tt.email, err)
			}
			if got.Git != git {
				t.Errorf("the actor's git user is %q, want %q", got.Git, git)
			}
			if got.ID != tt.want || got.By.ID != tt.by || got.For != tt.wantFor {
				t.Errorf("Identity(Writing, %q, %q, %q) = %s by %q (for %v); want %s by %q (for %v)", tt.as, tt.user, tt.email, got.ID, got.By.ID, got.For, tt.want, tt.by, tt.wantFor)
			}
			if person, ok := p.Person(tt.want); ok && got.Person != person {
				t.Errorf("the actor is %+v, not the registered %+v", got.Person, person)
			} else if !ok && got.Role != Contributor {
				t.Errorf("a newcomer's role is %v, want contributor", got.Role)
			}
			acting := ""
			if tt.wantFor {
				acting = "maintainer " + tt.by + " acting for " + tt.want
			}
			if got.Acting() != acting {
				t.Errorf("Acting() = %q, want %q", got.Acting(), acting)
			}
		})
	}
}

// TestNoGitUserSaysWhatToSet: without a git user, every intent says what
// to set, in the same words.
func TestNoGitUserSaysWhatToSet(t *testing.T) {
	p := &Project{Policy: Policy{ReadingsRequired: 2}}
	for _, intent := range []Intent{Writing, Reading} {
		_, err := p.Identity(intent, "", GitUser{})
		if err == nil || !strings.HasPrefix(err.Error(), "who are you? ") || !strings.Contains(err.Error(), setGitUser) {
			t.Errorf("intent %v: %v", intent, err)
		}
	}
}
