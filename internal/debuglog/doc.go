// Package debuglog is how a library logs its decisions at debug level
// without importing a logging library: it takes a Logger (logrus's *Logger
// and *Entry satisfy it) and, by default, logs nothing.
//
// The zero Log discards. Callers guard anything that formats or allocates
// behind On, so that a run without --debug builds no arguments:
//
//	if o.log.On() {
//		o.log.Debugf("mount %s → %s", m.Source, m.Destination)
//	}
//
// main hands a Logger down only when debug logging is on. The package
// imports nothing and makes no syscalls, so tent-init, which links
// runtime/, stays light.
package debuglog
