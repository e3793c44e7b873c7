{{/* Chart name, overridable. */}}
{{- define "ksml.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name. Like the public chart: the release name alone when it already contains the chart
name ("dizzl-sandbox-dev-sensor-inspector-ksml"), else "<release>-<chart>".
*/}}
{{- define "ksml.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ksml.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ksml.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ksml.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ksml.labels" -}}
helm.sh/chart: {{ include "ksml.chart" . }}
{{ include "ksml.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ksml.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ksml.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ksml.kafkaSecretName" -}}
{{- default (printf "%s-kafka" (include "ksml.fullname" .)) .Values.kafkaSecret.existingSecret }}
{{- end }}

{{- define "ksml.hasKafkaSecret" -}}
{{- if or .Values.kafkaSecret.existingSecret .Values.kafkaSecret.properties }}true{{- end }}
{{- end }}

{{/* Fails the render, before anything is applied, when the values break the interface. */}}
{{- define "ksml.validate" -}}
{{- if not (has .Values.deploymentMode (list "StatefulSet" "Job")) }}
{{- fail (printf "deploymentMode must be StatefulSet or Job, got %q" .Values.deploymentMode) }}
{{- end }}
{{- if not .Values.ksmlRunnerConfig.definitions }}
{{- fail "ksmlRunnerConfig.definitions must name at least one definition" }}
{{- end }}
{{- range $namespace, $file := .Values.ksmlRunnerConfig.definitions }}
{{- if not (hasKey $.Values.ksmlDefinitions $file) }}
{{- fail (printf "ksmlRunnerConfig.definitions.%s points to %q, which is not a key of ksmlDefinitions" $namespace $file) }}
{{- end }}
{{- end }}
{{- range $key := list "application.id" "bootstrap.servers" }}
{{- if not (index $.Values.ksmlRunnerConfig.kafka $key) }}
{{- fail (printf "ksmlRunnerConfig.kafka must hold %s" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The pod template shared by the StatefulSet and the Job. */}}
{{- define "ksml.podTemplate" -}}
metadata:
  labels:
    {{- include "ksml.selectorLabels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # Roll the pods when the runner configuration or the secrets change.
    checksum/runner-config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    checksum/kafka-secret: {{ include (print $.Template.BasePath "/secret.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "ksml.serviceAccountName" . }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if eq .Values.deploymentMode "Job" }}
  restartPolicy: Never
  {{- end }}
  containers:
    - name: ksml
      image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args: ["/ksml/ksml-runner.yaml"]
      {{- with .Values.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: http
          containerPort: 8080
        {{- if .Values.prometheus.enabled }}
        - name: metrics
          containerPort: {{ .Values.prometheus.port }}
        {{- end }}
      {{- if and .Values.probes.enabled (eq .Values.deploymentMode "StatefulSet") }}
      startupProbe:
        httpGet: { path: /startup, port: http }
        failureThreshold: 30
        periodSeconds: 5
      readinessProbe:
        httpGet: { path: /ready, port: http }
      livenessProbe:
        httpGet: { path: /live, port: http }
      {{- end }}
      {{- with .Values.extraEnv }}
      env:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: runner
          mountPath: /ksml
        - name: store
          mountPath: /ksml-store
        {{- if include "ksml.hasKafkaSecret" . }}
        - name: kafka-secret
          mountPath: /ksml/secrets
          readOnly: true
        {{- end }}
  volumes:
    - name: runner
      configMap:
        name: {{ include "ksml.fullname" . }}-runner
    {{- if include "ksml.hasKafkaSecret" . }}
    - name: kafka-secret
      secret:
        secretName: {{ include "ksml.kafkaSecretName" . }}
    {{- end }}
    {{- if or (eq .Values.deploymentMode "Job") (not .Values.store.spec) }}
    - name: store
      emptyDir: {}
    {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
