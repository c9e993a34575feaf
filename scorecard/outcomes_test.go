package scorecard

import "testing"

// TestBand: the 2023 State of DevOps thresholds of docs/outcomes.md, at
// and either side of each boundary.
func TestBand(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		measure string
		value   float64
		want    string
	}{
		{DeploymentFrequency, 3, "elite"}, {DeploymentFrequency, 1, "elite"}, {DeploymentFrequency, 0.99, "high"},
		{DeploymentFrequency, 1.0 / 7, "high"}, {DeploymentFrequency, 0.1, "medium"}, {DeploymentFrequency, 1.0 / 30, "medium"},
		{DeploymentFrequency, 0.03, "low"}, {DeploymentFrequency, 0, "low"},
		{LeadTime, 0.5, "elite"}, {LeadTime, 24, "elite"}, {LeadTime, 25, "high"}, {LeadTime, 168, "high"},
		{LeadTime, 169, "medium"}, {LeadTime, 720, "medium"}, {LeadTime, 721, "low"},
		{ChangeFailureRate, 0, "elite"}, {ChangeFailureRate, 0.05, "elite"}, {ChangeFailureRate, 0.1, "high"},
		{ChangeFailureRate, 0.15, "medium"}, {ChangeFailureRate, 0.64, "low"},
		{TimeToRestore, 1, "elite"}, {TimeToRestore, 2, "high"}, {TimeToRestore, 24, "high"},
		{TimeToRestore, 168, "medium"}, {TimeToRestore, 169, "low"},
	} {
		if got := Band(tt.measure, tt.value); got != tt.want {
			t.Errorf("Band(%s, %v) = %s, want %s", tt.measure, tt.value, got, tt.want)
		}
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	if _, ok := Median(nil); ok {
		t.Error("median of nothing")
	}
	for _, tt := range []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got, _ := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestAlignmentSkipsRowsWithoutOutcomes: repositories without outcomes or
// with an error take no part; none at all gives no alignment.
func TestAlignmentSkipsRowsWithoutOutcomes(t *testing.T) {
	t.Parallel()
	if ComputeAlignment([]Repo{{Name: "a", Level: Gold}}) != nil {
		t.Error("an alignment without outcomes")
	}
	o := &Outcomes{}
	o.LeadTime.Set(LeadTime, 10, 1)
	a := ComputeAlignment([]Repo{{Name: "a", Level: Gold, Outcomes: o}, {Name: "b", Level: Gold, Outcomes: o, Error: "clone failed"}})
	if a == nil || a.Groups[0].Group != Gold || a.Groups[0].Repos != 1 || !a.Groups[0].TooFew {
		t.Errorf("alignment = %+v", a)
	}
}
