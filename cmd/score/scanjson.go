package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/scoredev/score/scorecards"
)

// writeScanJSON writes the same bytes as scorecards.WriteJSON, one
// repository at a time: WriteJSON builds the whole document (and an
// indented copy of it) in memory, which for thousands of repositories was
// the part of a scan's peak memory that grew with their number.
func writeScanJSON(w io.Writer, scan *scorecards.Scan) error {
	head := *scan
	head.Repos = []scorecards.Repo{}
	var doc bytes.Buffer
	if err := scorecards.WriteJSON(&doc, &head); err != nil {
		return err
	}
	// The document without repositories has exactly one top-level
	// `"repos": []`: the rows go between its brackets.
	const marker = "\n  \"repos\": []"
	at := bytes.Index(doc.Bytes(), []byte(marker))
	if at < 0 || bytes.Count(doc.Bytes(), []byte(marker)) != 1 {
		return errors.New("encode scan result: cannot place the repositories")
	}
	at += len(marker) - 1 // at the closing bracket
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(doc.Bytes()[:at])
	var row bytes.Buffer
	rowEnc := json.NewEncoder(&row)
	rowEnc.SetEscapeHTML(false)
	rowEnc.SetIndent("    ", "  ")
	for i, r := range scan.Repos {
		one := scorecards.Normalized(&scorecards.Scan{Repos: []scorecards.Repo{r}}).Repos[0]
		row.Reset()
		if err := rowEnc.Encode(one); err != nil {
			return fmt.Errorf("encode scan result: repository %s: %w", r.Name, err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(row.Bytes(), []byte("\n")))
	}
	if len(scan.Repos) > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(doc.Bytes()[at:])
	return bw.Flush()
}
