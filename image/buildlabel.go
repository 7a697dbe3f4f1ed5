package image

// BuildIntermediateLabel marks the images tent build stores for its steps
// (a RUN starts from one; the build cache keeps their layers). They have
// no names; tent images hides them and tent builder prune removes them.
const BuildIntermediateLabel = "dev.tent.build.intermediate"

// IsBuildIntermediate reports whether img is such an image.
func IsBuildIntermediate(img *Image) bool {
	return len(img.Names) == 0 && img.Config.Config.Labels[BuildIntermediateLabel] == "true"
}
