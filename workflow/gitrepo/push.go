package gitrepo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
)

// Push sends one branch to a remote. SSH remotes use the SSH agent, as
// git does; HTTPS remotes use a token from SCRIBE_GIT_TOKEN or
// GITHUB_TOKEN, or the matching line of ~/.git-credentials. Credentials
// never appear in messages.
func (r *Repo) Push(ctx context.Context, remote, branch string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rem, err := r.git.Remote(remote)
	if err != nil {
		return fmt.Errorf("no remote %q: add it with git remote add, or name an existing one", remote)
	}
	urls := rem.Config().URLs
	if len(urls) == 0 {
		return fmt.Errorf("remote %q has no URL", remote)
	}
	ref := "refs/heads/" + branch
	err = r.git.PushContext(ctx, &git.PushOptions{
		RemoteName: remote,
		RefSpecs:   []config.RefSpec{config.RefSpec(ref + ":" + ref)},
		Auth:       auth(urls[0]),
	})
	if errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("push of %s to %s (%s) failed: %s", branch, remote, cleanURL(urls[0]), strings.ReplaceAll(err.Error(), urls[0], cleanURL(urls[0])))
	}
	return nil
}

func auth(rawURL string) transport.AuthMethod {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil // ssh (agent) and local paths need nothing from us
	}
	for _, env := range []string{"SCRIBE_GIT_TOKEN", "GITHUB_TOKEN"} {
		if tok := os.Getenv(env); tok != "" {
			return &http.BasicAuth{Username: "x-access-token", Password: tok}
		}
	}
	if user, pass, ok := storedCredentials(u.Host); ok {
		return &http.BasicAuth{Username: user, Password: pass}
	}
	return nil
}

// storedCredentials reads git's plain credential store for a host.
func storedCredentials(host string) (user, pass string, ok bool) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", "", false
	}
	f, err := os.Open(filepath.Join(home, ".git-credentials"))
	if err != nil {
		return "", "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		u, err := url.Parse(strings.TrimSpace(sc.Text()))
		if err != nil || u.Host != host || u.User == nil {
			continue
		}
		p, _ := u.User.Password()
		return u.User.Username(), p, true
	}
	return "", "", false
}
