// Package imports records the packages code imports.
package imports
