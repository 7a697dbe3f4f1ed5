package testimage

import (
	"archive/tar"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/klauspost/compress/gzip"
)

// bigLayers is the number of layers of Big.
const bigLayers = 5

// Big returns a benchmark image of about 200 MB compressed (WithSizeMB) in
// five gzip layers, each a few hundred files of text-like data (compresses
// about 2.2:1, so inflation dominates) and some incompressible data. The first
// four layers depend on nothing; the last one on WithSeed, so two Big images
// with different seeds share four layers. Cmd ["sh"] needs busybox: the
// busybox base layer is not included, Big is data only.
func Big(opts ...Option) (v1.Image, error) {
	o := makeOptions(opts)
	o.zstd = false
	ls := make([]v1.Layer, bigLayers)
	errs := make([]error, bigLayers)
	var wg sync.WaitGroup
	for i := range bigLayers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seed := uint64(i + 1)
			if i == bigLayers-1 {
				seed += uint64(o.seed) << 8
			}
			perLayer := int64(o.bigMB) << 20 / bigLayers
			ls[i], errs[i] = compressLayer(o, gzip.DefaultCompression, func(w io.Writer) error {
				return writeBig(w, i, seed, perLayer)
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("testimage: big layer %d: %w", i+1, err)
		}
	}
	return finish(empty.Image, ls, o, []string{"sh"})
}

// writeBig writes one big layer: about a quarter of the compressed budget as
// random files, the rest as text that compresses about 2.2:1.
func writeBig(w io.Writer, layer int, seed uint64, compressed int64) error {
	rng := rand.New(rand.NewPCG(seed, 0x7e47))
	words := vocabulary(rng)
	tw := tar.NewWriter(w)
	top := fmt.Sprintf("data%d", layer)
	if err := header(tw, top+"/", tar.TypeDir, 0); err != nil {
		return err
	}
	randBudget, textBudget := compressed/4, compressed*3/4*22/10
	for n := 0; randBudget > 0 || textBudget > 0; n++ {
		if n%50 == 0 {
			if err := header(tw, fmt.Sprintf("%s/d%d/", top, n/50), tar.TypeDir, 0); err != nil {
				return err
			}
		}
		var body []byte
		if n%30 == 29 && randBudget > 0 {
			body = randomBytes(rng, min(randBudget, 1<<20))
			randBudget -= int64(len(body))
		} else if textBudget > 0 {
			size := int64(4<<10) << rng.IntN(9) // 4 KiB .. 1 MiB
			body = text(rng, words, min(size, textBudget))
			textBudget -= int64(len(body))
		} else {
			continue
		}
		name := fmt.Sprintf("%s/d%d/f%d", top, n/50, n)
		if err := header(tw, name, tar.TypeReg, int64(len(body))); err != nil {
			return err
		}
		if _, err := tw.Write(body); err != nil {
			return err
		}
	}
	return tw.Close()
}

func header(tw *tar.Writer, name string, typ byte, size int64) error {
	mode := int64(0o644)
	if typ == tar.TypeDir {
		mode = 0o755
	}
	return tw.WriteHeader(&tar.Header{Name: name, Typeflag: typ, Mode: mode, Size: size, ModTime: Epoch})
}

func vocabulary(rng *rand.Rand) [][]byte {
	words := make([][]byte, 4096)
	for i := range words {
		w := make([]byte, 2+rng.IntN(9))
		for j := range w {
			w[j] = byte('a' + rng.IntN(26))
		}
		words[i] = w
	}
	return words
}

func text(rng *rand.Rand, words [][]byte, size int64) []byte {
	b := make([]byte, 0, size+16)
	for int64(len(b)) < size {
		r := rng.Uint64()
		for k := 0; k < 5; k++ {
			b = append(b, words[r&4095]...)
			r >>= 12
			if r&15 == 0 {
				b = append(b, '\n')
			} else {
				b = append(b, ' ')
			}
		}
	}
	return b[:size]
}

func randomBytes(rng *rand.Rand, n int64) []byte {
	b := make([]byte, n)
	for i := 0; i+8 <= len(b); i += 8 {
		v := rng.Uint64()
		for k := range 8 {
			b[i+k] = byte(v >> (8 * k))
		}
	}
	return b
}
