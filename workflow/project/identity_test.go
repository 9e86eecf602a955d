package project

import (
	"strings"
	"testing"
)

func TestIdentify(t *testing.T) {
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
		got, err := p.Identify(tt.as, tt.name, tt.email)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Identify(%q, %q, %q) = %v, %v; want error with %q", tt.as, tt.name, tt.email, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.ID != tt.want {
			t.Errorf("Identify(%q, %q, %q) = %v, %v; want %s", tt.as, tt.name, tt.email, got.ID, err, tt.want)
		}
	}
	p.Policy.OpenContributions = true
	if got, err := p.Identify("carol", "", ""); err != nil || got.ID != "carol" || got.Role != Contributor {
		t.Errorf("open contributions: %v, %v", got, err)
	}
}
