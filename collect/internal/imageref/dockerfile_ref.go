package imageref

import "strings"

// splitImageRef splits an image reference into its repository, tag and
// digest. A colon before the last slash belongs to a registry host with a
// port (localhost:5000/app), not to a tag.
func SplitImageRef(ref string) (image, tag, digest string) {
	if at := strings.Index(ref, "@"); at >= 0 {
		ref, digest = ref[:at], ref[at+1:]
	}
	if colon := strings.LastIndex(ref, ":"); colon > strings.LastIndex(ref, "/") {
		ref, tag = ref[:colon], ref[colon+1:]
	}
	return ref, tag, digest
}
