// Package ownership reads who owns the repository: .score.yaml, service
// catalogues, CODEOWNERS.
package ownership
