package deps

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// msbuildProperties are the MSBuild properties the checks read: analyzer
// settings (static analysis), NuGet audit settings (dependency scanning)
// and lock files (dependency lockfile).
var msbuildProperties = map[string]bool{
	"AnalysisMode": true, "AnalysisLevel": true, "EnableNETAnalyzers": true, "EnforceCodeStyleInBuild": true,
	"TreatWarningsAsErrors": true, "WarningsAsErrors": true, "CodeAnalysisTreatWarningsAsErrors": true,
	"NuGetAudit": true, "NuGetAuditMode": true, "NuGetAuditLevel": true,
	"RestorePackagesWithLockFile": true, "RestoreLockedMode": true, "ManagePackageVersionsCentrally": true,
}

// readMSBuildProperties returns the msbuildProperties set in the
// PropertyGroups of an MSBuild file, the last value winning; values are
// trimmed and conditions are ignored (a property set for Release counts).
// A syntax error ends the reading; the item reader reports it.
func readMSBuildProperties(data []byte) map[string]string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	out := map[string]string{}
	var stack []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			n := len(stack)
			if n >= 2 && stack[n-2] == "PropertyGroup" && msbuildProperties[stack[n-1]] {
				out[stack[n-1]] = strings.TrimSpace(text.String())
			}
			if n > 0 {
				stack = stack[:n-1]
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
