#!/bin/sh
# Makes the Tesseract fixtures in tesseract/: each NAME.txt there is
# rendered to an image at 300 dpi and read by Tesseract into NAME.hocr,
# NAME.alto.xml and NAME.ocr.txt. smudged.txt is rendered small, blurred
# and noisy, with a line in scripts the eng model does not know, so that
# Tesseract misreads some words and is unsure of them. The images are made
# in a temporary folder and not kept: the tests need only the OCR.
# Needs: ImageMagick 6 (convert), fonts-dejavu-core, tesseract-ocr with eng.
# Install: apt-get update && apt-get install -y tesseract-ocr imagemagick fonts-dejavu-core
# Made with ImageMagick 6.9.11-60 and Tesseract 5.3.0 (Debian 12).
# The tests use the committed outputs and need none of these.
set -eu
cd "$(dirname "$0")/tesseract"
CONVERT=${CONVERT:-convert}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

render() { # NAME POINTSIZE EXTRA-CONVERT-OPTIONS...
	name=$1 size=$2
	shift 2
	"$CONVERT" -density 300 -units PixelsPerInch \
		-background white -fill black -font DejaVu-Serif -pointsize "$size" \
		label:"$(cat "$name.txt")" \
		-bordercolor white -border 120 \
		"$@" \
		-colorspace Gray -depth 8 \
		-define png:exclude-chunks=date,time,zTXt,tEXt,iTXt \
		-density 300 -units PixelsPerInch \
		"$tmp/$name.png"
}

ocr() { # NAME: Tesseract names the image as given, NAME.png
	(
		cd "$tmp"
		tesseract "$1.png" "$1" -l eng hocr
		tesseract "$1.png" "$1" -l eng alto
		tesseract "$1.png" "$1.ocr" -l eng txt
	)
	mv "$tmp/$1.hocr" "$1.hocr"
	mv "$tmp/$1.xml" "$1.alto.xml"
	mv "$tmp/$1.ocr.txt" "$1.ocr.txt"
}

render letter 12
ocr letter
render smudged 8 -seed 7 -blur 0x0.8 -attenuate 0.6 +noise Gaussian
ocr smudged
