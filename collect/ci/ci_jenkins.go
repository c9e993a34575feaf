package ci

import (
	"sort"
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
)

var _ = register(provider{name: "jenkins", order: 50,
	match: func(p ciPath) bool { return isJenkinsfile(p.base, p.dir, p.ext) },
	read:  eachFile((*ciContext).jenkins),
})

// A Jenkinsfile is a Groovy program; reading it fully would mean running
// it. This reader tokenizes Groovy (identifiers, string literals of every
// quoting style, braces, comments skipped) and picks out what matters:
// stage('name') blocks as jobs, sh/bat/powershell steps as commands, and
// docker agent images.

type groovyToken struct {
	kind byte // 'i' identifier, 's' string literal, 'p' punctuation
	text string
	line int
}

func (t groovyToken) is(kind byte, text string) bool { return t.kind == kind && t.text == text }

// groovyTokens splits source into tokens; an unterminated string or
// comment runs to the end of the file.
func groovyTokens(src string) []groovyToken {
	var toks []groovyToken
	line := 1
	for i := 0; i < len(src); {
		ch := src[i]
		switch {
		case ch == '\n':
			line++
			i++
		case ch == ' ' || ch == '\t' || ch == '\r':
			i++
		case strings.HasPrefix(src[i:], "//"):
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			i += end
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				end = len(src) - i - 2
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += min(2+end+2, len(src)-i)
		case ch == '\'' || ch == '"':
			content, n := groovyString(src[i:])
			toks = append(toks, groovyToken{'s', content, line})
			line += strings.Count(src[i:i+n], "\n")
			i += n
		case isGroovyIdent(ch, true):
			j := i + 1
			for j < len(src) && isGroovyIdent(src[j], false) {
				j++
			}
			toks = append(toks, groovyToken{'i', src[i:j], line})
			i = j
		default:
			toks = append(toks, groovyToken{'p', string(ch), line})
			i++
		}
	}
	return toks
}

func isGroovyIdent(ch byte, first bool) bool {
	return ch == '_' || ch == '$' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || !first && ch >= '0' && ch <= '9'
}

var groovyUnescape = strings.NewReplacer(`\\`, `\`, `\'`, `'`, `\"`, `"`, `\$`, `$`)

// groovyString reads a string literal at the start of s (single- or
// double-quoted, or triple-quoted of either kind) and returns its content
// and length.
func groovyString(s string) (string, int) {
	q := s[:1]
	if strings.HasPrefix(s, strings.Repeat(q, 3)) {
		q = s[:3]
	}
	for j := len(q); j < len(s); j++ {
		switch {
		case s[j] == '\\':
			j++
		case strings.HasPrefix(s[j:], q):
			return groovyUnescape.Replace(s[len(q):j]), j + len(q)
		case len(q) == 1 && s[j] == '\n':
			return groovyUnescape.Replace(s[1:j]), j // not closed on its line
		}
	}
	return groovyUnescape.Replace(s[len(q):]), len(s)
}

// shellSteps are the Jenkins steps that run a script.
var shellSteps = map[string]bool{"sh": true, "bat": true, "powershell": true, "pwsh": true}

type jenkinsReader struct {
	path  string
	toks  []groovyToken
	depth int
	// open are stage blocks being read, with the brace depth they close at.
	open     []jenkinsOpenStage
	flat     *jobBuilder // a stage 'name' of the old, brace-less syntax
	pipeline *jobBuilder // commands outside any stage
	jobs     []*jobBuilder
	image    string // the pipeline-level docker agent
}

type jenkinsOpenStage struct {
	jb    *jobBuilder
	depth int
}

func (c *ciContext) jenkins(p string) {
	data, ok := c.t.ReadText(p)
	if !ok {
		return
	}
	c.addConfig("jenkins", p)
	r := &jenkinsReader{path: p, toks: groovyTokens(string(data))}
	r.read()
	for _, jb := range r.jobs {
		if jb.job.Image == "" {
			jb.job.Image = r.image
		}
		jb.job.Line = textutil.ClampLine(jb.job.Line, textutil.CountLines(data))
		for i := range jb.job.Commands {
			jb.job.Commands[i].Line = textutil.ClampLine(jb.job.Commands[i].Line, textutil.CountLines(data))
		}
		c.emit(jb)
	}
}

func (r *jenkinsReader) read() {
	for i := 0; i < len(r.toks); i++ {
		tk := r.toks[i]
		switch {
		case tk.is('p', "{"):
			r.depth++
		case tk.is('p', "}"):
			if n := len(r.open); n > 0 && r.open[n-1].depth == r.depth {
				r.open = r.open[:n-1]
			}
			r.depth--
		case tk.is('i', "stage"):
			i = r.stage(i)
		case tk.kind == 'i' && shellSteps[tk.text]:
			if script, line, ok := r.shellArg(i + 1); ok {
				r.current(tk.line).run(textutil.ShellLines(script, r.path, line), ".")
			}
		case tk.is('i', "junit") || tk.is('i', "xunit"):
			// Jenkins' JUnit and xUnit plugins publish test results.
			r.current(tk.line).report("junit")
		case tk.is('i', "image") || tk.is('i', "docker"):
			if img, ok := r.stringArg(i + 1); ok {
				r.setImage(img)
			}
		}
	}
	if r.pipeline != nil && len(r.pipeline.job.Commands) > 0 {
		r.jobs = append(r.jobs, r.pipeline)
	}
	sort.SliceStable(r.jobs, func(a, b int) bool { return r.jobs[a].job.Line < r.jobs[b].job.Line })
}

// stage reads stage('name') { or the old stage 'name'; it returns the
// index of the last token used.
func (r *jenkinsReader) stage(i int) int {
	name, next, ok := r.stringArgAt(i + 1)
	if !ok {
		return i
	}
	jb := newJob("jenkins", r.path, name, r.toks[i].line)
	r.jobs = append(r.jobs, jb)
	if next < len(r.toks) && r.toks[next].is('p', "{") {
		r.depth++
		r.open = append(r.open, jenkinsOpenStage{jb, r.depth})
		return next
	}
	r.flat = jb
	return next - 1
}

// current is the job a step at line belongs to.
func (r *jenkinsReader) current(line int) *jobBuilder {
	if n := len(r.open); n > 0 {
		return r.open[n-1].jb
	}
	if r.flat != nil {
		return r.flat
	}
	if r.pipeline == nil {
		r.pipeline = newJob("jenkins", r.path, "pipeline", line)
	}
	return r.pipeline
}

func (r *jenkinsReader) setImage(img string) {
	if n := len(r.open); n > 0 {
		r.open[n-1].jb.job.Image = img
		return
	}
	if r.flat != nil {
		r.flat.job.Image = img
		return
	}
	r.image = img
}

// stringArg reads `'x'` or `('x'` after an identifier.
func (r *jenkinsReader) stringArg(j int) (string, bool) {
	s, _, ok := r.stringArgAt(j)
	return s, ok
}

func (r *jenkinsReader) stringArgAt(j int) (string, int, bool) {
	if j < len(r.toks) && r.toks[j].is('p', "(") {
		j++
	}
	if j < len(r.toks) && r.toks[j].kind == 's' {
		next := j + 1
		if next < len(r.toks) && r.toks[next].is('p', ")") {
			next++
		}
		return r.toks[j].text, next, true
	}
	return "", j, false
}

// shellArg reads the script of sh 'x', sh("x"), sh script: 'x', ...
// and the line its content starts on.
func (r *jenkinsReader) shellArg(j int) (string, int, bool) {
	paren := j < len(r.toks) && r.toks[j].is('p', "(")
	if paren {
		j++
	}
	if j < len(r.toks) && r.toks[j].kind == 's' {
		return r.toks[j].text, r.toks[j].line, true
	}
	if j >= len(r.toks) {
		return "", 0, false
	}
	startLine := r.toks[j].line
	for ; j+2 < len(r.toks); j++ {
		tk := r.toks[j]
		if paren && tk.is('p', ")") || !paren && tk.line > startLine+1 {
			break
		}
		if tk.is('i', "script") && r.toks[j+1].is('p', ":") && r.toks[j+2].kind == 's' {
			return r.toks[j+2].text, r.toks[j+2].line, true
		}
	}
	return "", 0, false
}

func isJenkinsfile(base, dir, ext string) bool {
	switch {
	case base == "jenkinsfile", strings.HasSuffix(base, ".jenkinsfile"):
		return true
	case strings.HasPrefix(base, "jenkinsfile."):
		return ext != ".md" && ext != ".txt"
	}
	return ext == ".groovy" && (dir == "jenkins" || strings.HasSuffix(dir, "/jenkins"))
}
