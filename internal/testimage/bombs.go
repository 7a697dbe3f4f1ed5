package testimage

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Crafted layers and archives for the resource-bomb tests: what archive/tar's
// Writer cannot write (sparse entries) is written block by block.

// SparseFormat is how SparseTar writes its sparse entry.
type SparseFormat string

// Sparse formats of SparseTar.
const (
	SparseGNU    SparseFormat = "gnu"    // old GNU type 'S', sparse map in the header
	SparsePAX1_0 SparseFormat = "pax1.0" // PAX GNU.sparse.major=1, map at the start of the data
	SparsePAX0_1 SparseFormat = "pax0.1" // PAX GNU.sparse.map record
)

// SparseTar returns an uncompressed tar holding one sparse file name of
// realSize bytes, all holes but data at offset dataOff.
func SparseTar(format SparseFormat, name string, realSize, dataOff int64, data []byte) []byte {
	var b bytes.Buffer
	switch format {
	case SparseGNU:
		h := rawHeader(name, 'S', int64(len(data)), true)
		putNum(h[386:398], dataOff) // first sparse entry: offset, numbytes
		putNum(h[398:410], int64(len(data)))
		putNum(h[483:495], realSize) // realsize
		b.Write(checksum(h))
		b.Write(pad(data))
	case SparsePAX1_0:
		body := append(pad([]byte(fmt.Sprintf("1\n%d\n%d\n", dataOff, len(data)))), data...)
		paxEntry(&b, map[string]string{"GNU.sparse.major": "1", "GNU.sparse.minor": "0",
			"GNU.sparse.name": name, "GNU.sparse.realsize": strconv.FormatInt(realSize, 10)})
		b.Write(checksum(rawHeader("GNUSparseFile.0/"+name, tar.TypeReg, int64(len(body)), false)))
		b.Write(pad(body))
	default: // SparsePAX0_1
		paxEntry(&b, map[string]string{"GNU.sparse.major": "0", "GNU.sparse.minor": "1",
			"GNU.sparse.name": name, "GNU.sparse.size": strconv.FormatInt(realSize, 10),
			"GNU.sparse.numblocks": "1", "GNU.sparse.map": fmt.Sprintf("%d,%d", dataOff, len(data))})
		b.Write(checksum(rawHeader("GNUSparseFile.0/"+name, tar.TypeReg, int64(len(data)), false)))
		b.Write(pad(data))
	}
	b.Write(make([]byte, 1024))
	return b.Bytes()
}

// rawHeader is a ustar (or old GNU) header block without its checksum.
func rawHeader(name string, typ byte, size int64, gnu bool) []byte {
	h := make([]byte, 512)
	copy(h[0:100], name)
	copy(h[100:108], "0000644\x00")
	copy(h[108:116], "0000000\x00")
	copy(h[116:124], "0000000\x00")
	putNum(h[124:136], size)
	putNum(h[136:148], 1_600_000_000)
	h[156] = typ
	if gnu {
		copy(h[257:265], "ustar  \x00")
	} else {
		copy(h[257:265], "ustar\x0000")
	}
	return h
}

func paxEntry(b *bytes.Buffer, recs map[string]string) {
	var body []byte
	for _, k := range []string{"GNU.sparse.major", "GNU.sparse.minor", "GNU.sparse.name", "GNU.sparse.realsize",
		"GNU.sparse.size", "GNU.sparse.numblocks", "GNU.sparse.map"} {
		v, ok := recs[k]
		if !ok {
			continue
		}
		rec := " " + k + "=" + v + "\n"
		n := len(rec) + 1
		for len(strconv.Itoa(n))+len(rec) != n {
			n++
		}
		body = append(body, strconv.Itoa(n)+rec...)
	}
	b.Write(checksum(rawHeader("PaxHeaders/x", tar.TypeXHeader, int64(len(body)), false)))
	b.Write(pad(body))
}

// putNum writes v as octal, or base-256 when it does not fit.
func putNum(f []byte, v int64) {
	if s := strconv.FormatInt(v, 8); len(s) < len(f) {
		copy(f, fmt.Sprintf("%0*s\x00", len(f)-1, s))
		return
	}
	for i := range f {
		f[i] = 0
	}
	binary.BigEndian.PutUint64(f[len(f)-8:], uint64(v))
	f[0] = 0x80
}

func checksum(h []byte) []byte {
	copy(h[148:156], "        ")
	sum := 0
	for _, c := range h {
		sum += int(c)
	}
	copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return h
}

func pad(b []byte) []byte {
	if r := len(b) % 512; r != 0 {
		b = append(b, make([]byte, 512-r)...)
	}
	return b
}

// ArchiveLayer is one layer of a crafted archive: its blob as stored and
// the sha256 hex of its uncompressed tar (its diffID).
type ArchiveLayer struct {
	Blob   []byte
	DiffID string
	Size   int64 // OCI only: the size its descriptor claims; 0: len(Blob)
}

// NewArchiveLayer is an uncompressed layer.
func NewArchiveLayer(tarball []byte) ArchiveLayer {
	return ArchiveLayer{Blob: tarball, DiffID: sha256Hex(tarball)}
}

// GzipWithTail is a gzip layer of tarball followed by tail zero bytes (past
// the tar's end), in gzip members of 1 MiB: a few KiB of blob per GiB of
// stream, as a layer that never ends would look.
func GzipWithTail(tarball []byte, tail int) ArchiveLayer {
	var blob bytes.Buffer
	h := sha256.New()
	member := func(b []byte) {
		zw := gzip.NewWriter(&blob)
		zw.Write(b)
		zw.Close()
		h.Write(b)
	}
	member(tarball)
	zeros := make([]byte, 1<<20)
	for ; tail > 0; tail -= len(zeros) {
		member(zeros[:min(tail, len(zeros))])
	}
	return ArchiveLayer{Blob: blob.Bytes(), DiffID: hex.EncodeToString(h.Sum(nil))}
}

// DockerArchive is a docker-archive (docker save) holding one image named
// ref, linux/amd64, with the given layers.
func DockerArchive(ref string, layers ...ArchiveLayer) []byte {
	cfg := configFor(layers)
	var names []string
	files := map[string][]byte{}
	for _, l := range layers {
		n := sha256Hex(l.Blob) + "/layer.tar"
		names = append(names, n)
		files[n] = l.Blob
	}
	cfgName := sha256Hex(cfg) + ".json"
	files[cfgName] = cfg
	m, _ := json.Marshal([]map[string]any{{"Config": cfgName, "RepoTags": []string{ref}, "Layers": names}})
	files["manifest.json"] = m
	return tarOf(files)
}

// OCIArchive is an OCI layout in a tar holding one image named ref; each
// layer's descriptor claims l.Size bytes when it is not 0.
func OCIArchive(ref string, layers ...ArchiveLayer) []byte {
	cfg := configFor(layers)
	files := map[string][]byte{"oci-layout": []byte(`{"imageLayoutVersion":"1.0.0"}`)}
	blob := func(b []byte) map[string]any {
		files["blobs/sha256/"+sha256Hex(b)] = b
		return map[string]any{"digest": "sha256:" + sha256Hex(b), "size": len(b)}
	}
	c := blob(cfg)
	c["mediaType"] = "application/vnd.oci.image.config.v1+json"
	var ls []map[string]any
	for _, l := range layers {
		d := blob(l.Blob)
		d["mediaType"] = "application/vnd.oci.image.layer.v1.tar"
		if l.Size != 0 {
			d["size"] = l.Size
		}
		ls = append(ls, d)
	}
	m, _ := json.Marshal(map[string]any{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
		"config": c, "layers": ls})
	md := blob(m)
	md["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
	md["annotations"] = map[string]string{"io.containerd.image.name": ref}
	idx, _ := json.Marshal(map[string]any{"schemaVersion": 2, "manifests": []any{md}})
	files["index.json"] = idx
	return tarOf(files)
}

func configFor(layers []ArchiveLayer) []byte {
	var diffIDs []string
	for _, l := range layers {
		diffIDs = append(diffIDs, "sha256:"+l.DiffID)
	}
	cfg, _ := json.Marshal(map[string]any{"architecture": "amd64", "os": "linux",
		"created": time.Unix(1_600_000_000, 0).UTC(), "config": map[string]any{"Cmd": []string{"sh"}},
		"rootfs": map[string]any{"type": "layers", "diff_ids": diffIDs}})
	return cfg
}

func tarOf(files map[string][]byte) []byte {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), ModTime: time.Unix(1_600_000_000, 0)})
		tw.Write(files[name])
	}
	tw.Close()
	return b.Bytes()
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
