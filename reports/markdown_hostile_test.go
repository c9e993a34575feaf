package reports

import "testing"

func TestBreakMentions(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"@all please":             "@\u200dall please",
		"job `@devs` x":           "job `@\u200ddevs` x",
		"actions/checkout@v4":     "actions/checkout@v4", // not a mention: a word before @
		"mail a@b.example":        "mail a@b.example",
		"trailing @":              "trailing @",
		"(@group/sub) and @_user": "(@\u200dgroup/sub) and @\u200d_user",
	} {
		if got := breakMentions(in); got != want {
			t.Errorf("breakMentions(%q) = %q; want %q", in, got, want)
		}
		if again := breakMentions(breakMentions(in)); again != want {
			t.Errorf("breakMentions is not idempotent on %q: %q", in, again)
		}
	}
}

func TestNeutraliseQuickActions(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/label ~x\nok\n/close":   "\\/label ~x\nok\n\\/close",
		"a /label ~x\n - /assign": "a /label ~x\n - /assign",
		"no slash":                "no slash",
	} {
		if got := string(neutraliseQuickActions([]byte(in))); got != want {
			t.Errorf("neutraliseQuickActions(%q) = %q; want %q", in, got, want)
		}
	}
}
