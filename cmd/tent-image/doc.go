// Command tent-image is tent's registry client and image archiver: `tent pull`, `push`, `login`,
// `logout`, `load`, `save` and `commit` exec it, and
// `tent run` and `tent create` run it for an image missing from the store,
// as git runs git-remote-https. It links net/http, crypto/tls and
// go-containerregistry's remote client, the image tarball code, the
// decompressors and the progress bars so that tent itself does not, and
// starts without their init cost. It takes tent's global flags (--root,
// --state, --debug, --log-level, TENT_ROOT, TENT_STATE) and exits as tent does: 0, or 1
// with one "tent: <error>" line on stderr.
//
//	tent-image [--root DIR] [--state DIR] [-D] [-l LEVEL] pull [--platform OS/ARCH] [-q] IMAGE
//	tent-image [GLOBAL FLAGS] push [-q] NAME[:TAG]
//	tent-image [GLOBAL FLAGS] login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]
//	tent-image [GLOBAL FLAGS] logout [SERVER]
//	tent-image [GLOBAL FLAGS] load [-i FILE] [-q]
//	tent-image [GLOBAL FLAGS] save [-o FILE] [--format docker|oci] IMAGE...
//	tent-image [GLOBAL FLAGS] commit [-m MESSAGE] [-a AUTHOR] [-c INSTRUCTION]... CONTAINER [REPO[:TAG]]
package main
