package main

// GitHub Actions expressions, the part that workflows of this project use:
// the contexts github, env, runner, steps and job; property access with .
// and ['…']; the operators ||, &&, ==, !=, ! and parentheses; string,
// number, boolean and null literals; the status functions success(),
// failure(), always() and cancelled(). Anything else is refused with an
// error, so that a workflow the simulator cannot judge fails loudly
// instead of passing by accident.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// refused is a value that may not be read: github.token, for instance.
type refused string

// scope is what an expression can see.
type scope struct {
	contexts map[string]any // github, env, runner, steps, job
	status   string         // the job's status so far: success, failure or cancelled
	inIf     bool           // status functions are allowed (an if: condition)
}

// eval evaluates one expression (without ${{ }}).
func (s *scope) eval(src string) (any, error) {
	p := &parser{src: src, s: s}
	v, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.src) {
		return nil, p.errorf("unexpected %q", p.src[p.i:])
	}
	return v, nil
}

// interpolate replaces every ${{ … }} in text with its value as a string.
func (s *scope) interpolate(text string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(text, "${{")
		if i < 0 {
			b.WriteString(text)
			return b.String(), nil
		}
		b.WriteString(text[:i])
		p := &parser{src: text[i+3:], s: s}
		v, err := p.expr()
		if err != nil {
			return "", fmt.Errorf("in %q: %w", text, err)
		}
		p.space()
		if !strings.HasPrefix(p.src[p.i:], "}}") {
			return "", fmt.Errorf("in %q: expected }} at %q", text, p.src[p.i:])
		}
		str, err := toString(v)
		if err != nil {
			return "", fmt.Errorf("in %q: %w", text, err)
		}
		b.WriteString(str)
		text = p.src[p.i+2:]
	}
}

// condition evaluates an if: condition the way GitHub does: the ${{ }}
// around it is optional, and one that calls no status function means
// success() && (condition).
func (s *scope) condition(cond string) (bool, error) {
	c := strings.TrimSpace(cond)
	if c == "" {
		c = "success()"
	}
	if strings.HasPrefix(c, "${{") && strings.HasSuffix(c, "}}") && strings.Count(c, "${{") == 1 {
		c = strings.TrimSpace(c[3 : len(c)-2])
	} else if strings.Contains(c, "${{") {
		return false, fmt.Errorf("if: %q mixes ${{ }} with text: unsupported", cond)
	}
	inner := *s
	inner.inIf = true
	v, err := inner.eval(c)
	if err != nil {
		return false, fmt.Errorf("if: %q: %w", cond, err)
	}
	if !callsStatus(c) && s.status != "success" {
		return false, nil
	}
	return truthy(v), nil
}

func callsStatus(expr string) bool {
	for _, f := range []string{"success(", "failure(", "always(", "cancelled("} {
		if strings.Contains(strings.ReplaceAll(expr, " ", ""), f) {
			return true
		}
	}
	return false
}

type parser struct {
	src string
	i   int
	s   *scope
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("expression %q: %s", p.src, fmt.Sprintf(format, args...))
}

func (p *parser) space() {
	for p.i < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.i])) {
		p.i++
	}
}

func (p *parser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.src[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *parser) expr() (any, error) { return p.or() }

func (p *parser) or() (any, error) {
	v, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.eat("||") {
		w, err := p.and()
		if err != nil {
			return nil, err
		}
		if !truthy(v) {
			v = w
		}
	}
	return v, nil
}

func (p *parser) and() (any, error) {
	v, err := p.equality()
	if err != nil {
		return nil, err
	}
	for p.eat("&&") {
		w, err := p.equality()
		if err != nil {
			return nil, err
		}
		if truthy(v) {
			v = w
		}
	}
	return v, nil
}

func (p *parser) equality() (any, error) {
	v, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		rest := p.src[p.i:]
		switch {
		case strings.HasPrefix(rest, "=="), strings.HasPrefix(rest, "!="):
			p.i += 2
			w, err := p.unary()
			if err != nil {
				return nil, err
			}
			eq := equal(v, w)
			v = eq == strings.HasPrefix(rest, "==")
		case strings.HasPrefix(rest, "<"), strings.HasPrefix(rest, ">"):
			return nil, p.errorf("the operators < <= > >= are not supported by the simulator")
		default:
			return v, nil
		}
	}
}

func (p *parser) unary() (any, error) {
	p.space()
	if strings.HasPrefix(p.src[p.i:], "!") && !strings.HasPrefix(p.src[p.i:], "!=") {
		p.i++
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		return !truthy(v), nil
	}
	return p.postfix()
}

func (p *parser) postfix() (any, error) {
	v, name, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		switch {
		case p.eat("."):
			p.space()
			key := p.ident()
			if key == "" {
				if strings.HasPrefix(p.src[p.i:], "*") {
					return nil, p.errorf("object filters (.*) are not supported by the simulator")
				}
				return nil, p.errorf("expected a property name after %s.", name)
			}
			name += "." + key
			if v, err = property(v, key, name); err != nil {
				return nil, err
			}
		case p.eat("["):
			k, err := p.expr()
			if err != nil {
				return nil, err
			}
			if !p.eat("]") {
				return nil, p.errorf("expected ]")
			}
			key, ok := k.(string)
			if !ok {
				return nil, p.errorf("only string indexes are supported by the simulator")
			}
			name += "['" + key + "']"
			if v, err = property(v, key, name); err != nil {
				return nil, err
			}
		default:
			if r, ok := v.(refused); ok {
				return nil, fmt.Errorf("%s: %s", name, string(r))
			}
			return v, nil
		}
	}
}

func property(v any, key, name string) (any, error) {
	if r, ok := v.(refused); ok {
		return nil, fmt.Errorf("%s: %s", name, string(r))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, nil // a property of a non-object is null
	}
	if w, ok := m[key]; ok {
		return w, nil
	}
	for k, w := range m {
		if strings.EqualFold(k, key) {
			return w, nil
		}
	}
	return nil, nil
}

func (p *parser) ident() string {
	start := p.i
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == '_' || c == '-' && p.i > start || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' && p.i > start {
			p.i++
			continue
		}
		break
	}
	return p.src[start:p.i]
}

// primary returns a value and the name it was read by, for messages.
func (p *parser) primary() (any, string, error) {
	p.space()
	if p.i >= len(p.src) {
		return nil, "", p.errorf("unexpected end")
	}
	c := p.src[p.i]
	switch {
	case c == '(':
		p.i++
		v, err := p.expr()
		if err != nil {
			return nil, "", err
		}
		if !p.eat(")") {
			return nil, "", p.errorf("expected )")
		}
		return v, "(…)", nil
	case c == '\'':
		var b strings.Builder
		for p.i++; ; p.i++ {
			if p.i >= len(p.src) {
				return nil, "", p.errorf("unterminated string")
			}
			if p.src[p.i] == '\'' {
				if p.i+1 < len(p.src) && p.src[p.i+1] == '\'' {
					b.WriteByte('\'')
					p.i++
					continue
				}
				p.i++
				return b.String(), "'…'", nil
			}
			b.WriteByte(p.src[p.i])
		}
	case c == '-' || '0' <= c && c <= '9':
		start := p.i
		p.i++
		for p.i < len(p.src) && strings.ContainsRune("0123456789.eE+-xabcdefABCDEF", rune(p.src[p.i])) {
			p.i++
		}
		n, err := strconv.ParseFloat(p.src[start:p.i], 64)
		if err != nil {
			if h, herr := strconv.ParseInt(p.src[start:p.i], 0, 64); herr == nil {
				return float64(h), p.src[start:p.i], nil
			}
			return nil, "", p.errorf("bad number %q", p.src[start:p.i])
		}
		return n, p.src[start:p.i], nil
	}
	name := p.ident()
	if name == "" {
		return nil, "", p.errorf("unexpected %q", p.src[p.i:])
	}
	switch name {
	case "true":
		return true, name, nil
	case "false":
		return false, name, nil
	case "null":
		return nil, name, nil
	}
	if p.eat("(") {
		if !p.eat(")") {
			return nil, "", p.errorf("%s(…): functions with arguments are not supported by the simulator", name)
		}
		v, err := p.call(name)
		return v, name + "()", err
	}
	v, ok := p.s.contexts[name]
	if !ok {
		switch name {
		case "secrets":
			return nil, "", p.errorf("secrets: the gate must use no secret, and the simulator has none")
		case "vars", "inputs", "matrix", "needs", "strategy":
			return nil, "", p.errorf("the context %s is not supported by the simulator", name)
		}
		return nil, "", p.errorf("unknown context %q here", name)
	}
	return v, name, nil
}

func (p *parser) call(name string) (any, error) {
	switch name {
	case "success", "failure", "always", "cancelled":
	default:
		return nil, p.errorf("the function %s() is not supported by the simulator", name)
	}
	if !p.s.inIf {
		return nil, p.errorf("%s() is allowed only in if: conditions", name)
	}
	switch name {
	case "success":
		return p.s.status == "success", nil
	case "failure":
		return p.s.status == "failure", nil
	case "cancelled":
		return p.s.status == "cancelled", nil
	}
	return true, nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0 && !math.IsNaN(v)
	case string:
		return v != ""
	}
	return true
}

func toNumber(v any) float64 {
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case float64:
		return v
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return 0
		}
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
		if n, err := strconv.ParseInt(s, 0, 64); err == nil {
			return float64(n)
		}
	}
	return math.NaN()
}

// equal is GitHub's ==: strings compare ignoring case, values of two
// different kinds are compared as numbers, objects only by identity.
func equal(a, b any) bool {
	switch a := a.(type) {
	case nil:
		if b == nil {
			return true
		}
	case bool:
		if b, ok := b.(bool); ok {
			return a == b
		}
	case float64:
		if b, ok := b.(float64); ok {
			return a == b
		}
	case string:
		if b, ok := b.(string); ok {
			return strings.EqualFold(a, b)
		}
	case map[string]any:
		if b, ok := b.(map[string]any); ok {
			return fmt.Sprintf("%p", a) == fmt.Sprintf("%p", b)
		}
		return false
	case []any:
		return false
	}
	switch b.(type) {
	case map[string]any, []any:
		return false
	}
	x, y := toNumber(a), toNumber(b)
	return x == y
}

func toString(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10), nil
		}
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("an object or array cannot be put into text (toJSON is not supported by the simulator)")
}
