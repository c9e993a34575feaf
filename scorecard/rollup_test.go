package scorecard

import (
	"reflect"
	"testing"
)

func levels(gold, silver, bronze, none int) map[string]int {
	return map[string]int{Gold: gold, Silver: silver, Bronze: bronze, None: none}
}

func TestRollup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		repos []Repo
		want  []Team
	}{
		{"no repos", nil, []Team{}},
		{
			name: "one team",
			repos: []Repo{
				{Name: "a", Team: "payments", Score: 80, Level: Silver},
				{Name: "b", Team: "payments", Score: 60, Level: Bronze},
				{Name: "c", Team: "payments", Score: 71, Level: Silver},
			},
			want: []Team{{Name: "payments", Repos: 3, Score: 70.3, Min: 60, Levels: levels(0, 2, 1, 0)}},
		},
		{
			name: "unowned and sorting",
			repos: []Repo{
				{Name: "z", Team: "search", Score: 100, Level: Gold},
				{Name: "y", Team: "", Score: 10, Level: None},
				{Name: "x", Team: "checkout", Score: 50, Level: Bronze},
				{Name: "w", Team: "", Score: 20, Level: None},
			},
			want: []Team{
				{Name: "checkout", Repos: 1, Score: 50, Min: 50, Levels: levels(0, 0, 1, 0)},
				{Name: "search", Repos: 1, Score: 100, Min: 100, Levels: levels(1, 0, 0, 0)},
				{Name: Unowned, Repos: 2, Score: 15, Min: 10, Levels: levels(0, 0, 0, 2)},
			},
		},
		{
			name: "error rows count but do not score",
			repos: []Repo{
				{Name: "a", Team: "payments", Score: 90, Level: Gold},
				{Name: "b", Team: "payments", Level: None, Error: "clone: timeout"},
			},
			want: []Team{{Name: "payments", Repos: 2, Score: 90, Min: 90, Levels: levels(1, 0, 0, 0), Errors: 1}},
		},
		{
			name:  "only error rows",
			repos: []Repo{{Name: "a", Team: "ops", Error: "boom"}, {Name: "b", Team: "ops", Error: "boom"}},
			want:  []Team{{Name: "ops", Repos: 2, Score: 0, Min: 0, Levels: levels(0, 0, 0, 0), Errors: 2}},
		},
		{
			name: "minimum zero is kept",
			repos: []Repo{
				{Name: "a", Team: "t", Score: 0, Level: None},
				{Name: "b", Team: "t", Score: 50, Level: Bronze},
			},
			want: []Team{{Name: "t", Repos: 2, Score: 25, Min: 0, Levels: levels(0, 0, 1, 1)}},
		},
		{
			name:  "mean rounded to one decimal",
			repos: []Repo{{Name: "a", Team: "t", Score: 33.3, Level: None}, {Name: "b", Team: "t", Score: 33.4, Level: None}, {Name: "c", Team: "t", Score: 33.4, Level: None}},
			want:  []Team{{Name: "t", Repos: 3, Score: 33.4, Min: 33.3, Levels: levels(0, 0, 0, 3)}},
		},
		{
			name:  "unknown level counts as none",
			repos: []Repo{{Name: "a", Team: "t", Score: 50, Level: ""}},
			want:  []Team{{Name: "t", Repos: 1, Score: 50, Min: 50, Levels: levels(0, 0, 0, 1)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Rollup(tt.repos)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Rollup =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestOrgSummary(t *testing.T) {
	t.Parallel()
	repos := []Repo{
		{Name: "a", Team: "payments", Score: 80, Level: Silver},
		{Name: "b", Team: "payments", Score: 40, Level: None},
		{Name: "c", Team: "", Score: 90, Level: Gold},
		{Name: "d", Team: "search", Error: "clone failed"},
	}
	got := OrgSummary(repos)
	want := Summary{Repos: 4, Scanned: 3, Errors: 1, Score: 70, Min: 40, Levels: levels(1, 1, 0, 1), Teams: 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OrgSummary = %+v, want %+v", got, want)
	}
	if empty := OrgSummary(nil); !reflect.DeepEqual(empty, Summary{Levels: levels(0, 0, 0, 0)}) {
		t.Errorf("OrgSummary(nil) = %+v", empty)
	}
}
