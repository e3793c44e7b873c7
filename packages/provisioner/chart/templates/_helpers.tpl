{{- define "provisioner.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "provisioner.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "provisioner.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "provisioner.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "provisioner.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ .Values.serviceAccount.name | default (include "provisioner.fullname" .) }}
{{- else }}{{ .Values.serviceAccount.name | default "default" }}
{{- end }}
{{- end }}

{{/* Where the apps go: rbac.namespace, else the release's namespace. */}}
{{- define "provisioner.targetNamespace" -}}
{{- .Values.rbac.namespace | default .Release.Namespace }}
{{- end }}

{{/* True when env sets a variable of this name (e.g. SERVER_TLS_CERTIFICATE). */}}
{{- define "provisioner.hasEnv" -}}
{{- $name := index . 1 }}{{ range (index . 0).Values.env }}{{ if eq .name $name }}true{{ end }}{{ end }}
{{- end }}

{{/* registry/repository:tag of the server image. */}}
{{- define "provisioner.image" -}}
{{- $ref := printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- if .Values.image.registry }}{{ printf "%s/%s" .Values.image.registry $ref }}{{ else }}{{ $ref }}{{ end }}
{{- end }}
