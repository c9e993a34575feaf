package main

import (
	"path/filepath"
	"runtime"
)

// policyCacheDir is where the engine keeps compiled policy sets: --cache-dir
// (SCORE_CACHE_DIR), else score/ in the user's cache folder, found the way
// os.UserCacheDir does but through g.getenv so that tests never touch the
// real one. Empty (no cache) with --no-cache (SCORE_NO_CACHE) or when no
// cache folder is known.
func policyCacheDir(g *globalOptions) string {
	if g.noCache {
		return ""
	}
	if g.cacheDir != "" {
		return g.cacheDir
	}
	var base string
	switch runtime.GOOS {
	case "windows":
		base = g.getenv("LocalAppData")
	case "darwin", "ios":
		if home := g.getenv("HOME"); home != "" {
			base = filepath.Join(home, "Library", "Caches")
		}
	default:
		base = g.getenv("XDG_CACHE_HOME")
		if base == "" || !filepath.IsAbs(base) {
			base = ""
			if home := g.getenv("HOME"); home != "" {
				base = filepath.Join(home, ".cache")
			}
		}
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, "score")
}
