#!/usr/bin/env bash
# Rolls the feedback app on the care Docker host to the given image tag.
set -euo pipefail
tag=${1:?usage: deploy.sh IMAGE_TAG}
ssh deploy@care-apps-01.internal.example.com \
  "docker pull registry.example.com/care/feedback-app:${tag} && \
   docker rm -f feedback-app || true && \
   docker run -d --name feedback-app --restart unless-stopped -p 8080:8000 \
     -e FEEDBACK_SECRET_KEY registry.example.com/care/feedback-app:${tag}"
