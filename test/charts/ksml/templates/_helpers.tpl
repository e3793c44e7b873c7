{{/*
Helpers of the KSML test chart. Names and labels follow the public KSML chart exactly, because
the provisioner finds workloads, pods and claims by them.
*/}}

{{/* The chart name, or nameOverride; at most 63 characters. */}}
{{- define "ksml.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of every object: fullnameOverride; else the release name when it already contains
the chart name (the provisioner's "...-ksml" releases); else "<release>-<name>". At most 63.
*/}}
{{- define "ksml.fullname" -}}
{{- $name := .Values.nameOverride | default .Chart.Name }}
{{- $full := printf "%s-%s" .Release.Name $name }}
{{- if .Values.fullnameOverride }}{{ $full = .Values.fullnameOverride }}
{{- else if contains $name .Release.Name }}{{ $full = .Release.Name }}
{{- end }}
{{- $full | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ksml.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* What selects the pods: the same two labels as the public chart. */}}
{{- define "ksml.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ksml.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ksml.labels" -}}
helm.sh/chart: {{ include "ksml.chart" . }}
{{ include "ksml.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ksml.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- .Values.serviceAccount.name | default (include "ksml.fullname" .) }}
{{- else }}
{{- .Values.serviceAccount.name | default "default" }}
{{- end }}
{{- end }}

{{/* Lowercased deploymentMode: the schema accepts it in any case. */}}
{{- define "ksml.mode" -}}
{{- lower .Values.deploymentMode }}
{{- end }}

{{/* "stopOnFail" or "continueOnFail", the runner's handler for one errorHandling section. */}}
{{- define "ksml.errorHandler" -}}
{{- if .stopOnError }}stopOnFail{{ else }}continueOnFail{{ end }}
{{- end }}

{{/*
The pod template of the StatefulSet and the Job. Probes only for a StatefulSet; the store volume
is an emptyDir of 10 MiB unless a StatefulSet has store.spec (then a claim template provides it).
*/}}
{{- define "ksml.podTemplate" -}}
{{- $job := eq (include "ksml.mode" .) "job" }}
metadata:
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap-runner.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  labels:
    {{- include "ksml.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- if $job }}
  {{- with .Values.job.pod.finalizers }}
  finalizers:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
spec:
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  serviceAccountName: {{ include "ksml.serviceAccountName" . }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  {{- if $job }}
  restartPolicy: Never
  {{- end }}
  containers:
    - name: {{ .Chart.Name }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      image: {{ printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      workingDir: /ksml
      ports:
        - name: http
          containerPort: {{ .Values.applicationServer.port }}
          protocol: TCP
        {{- if .Values.prometheus.enabled }}
        - name: metrics
          containerPort: {{ .Values.prometheus.port }}
          protocol: TCP
        {{- end }}
      {{- if not $job }}
      {{- range $probe := list "startupProbe" "readinessProbe" "livenessProbe" }}
      {{- with index $.Values $probe }}
      {{ $probe }}:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- end }}
      env:
        - name: KSML_K8S_POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        # Static group membership: one group.instance.id per pod (see configmap-runner.yaml).
        - name: KSML_GROUP_INSTANCE_ID
          value: $(KSML_K8S_POD_NAME)
        - name: LOGBACK_CONFIGURATION_FILE
          value: {{ .Values.logging.configFile | quote }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      volumeMounts:
        - name: ksml-config
          mountPath: /ksml
        - name: ksml-logging
          mountPath: /ksml-logging
        - name: ksml-store
          mountPath: /ksml-store
        {{- with .Values.volumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: ksml-config
      configMap:
        name: {{ include "ksml.fullname" . }}-runner
    - name: ksml-logging
      configMap:
        name: {{ include "ksml.fullname" . }}-logging
    {{- if or $job (not .Values.store.spec) }}
    - name: ksml-store
      emptyDir:
        sizeLimit: 10Mi
    {{- end }}
    {{- with .Values.volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.runtimeClassName }}
  runtimeClassName: {{ . | quote }}
  {{- end }}
  {{- range $field := list "nodeSelector" "affinity" "tolerations" }}
  {{- with index $.Values $field }}
  {{ $field }}:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
  {{- /* The public chart's template mis-indents this list, so Helm cannot parse what it
       renders: refuse it alike, so our tests see what the public chart would reject. */}}
  {{- if .Values.topologySpreadConstraints }}
  {{- fail "topologySpreadConstraints: the public KSML chart cannot render this value (its template mis-indents it)" }}
  {{- end }}
{{- end }}
