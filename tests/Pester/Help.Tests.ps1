<#
    Help completeness for every cmdlet LoopbackTools exports, read back through Get-Help the way a user
    reads it: the compiled MAML must say real things, and what it says about parameters must agree with the
    cmdlet's own metadata. Modelled on dbatools' tests/InModule.Help.Tests.ps1.

    Needs $env:LOOPBACKTOOLS_MODULE: the full path of the built out/LoopbackTools/LoopbackTools.psd1, with
    en-US/ compiled by src/LoopbackTools.HelpCompiler beside it.
#>

BeforeDiscovery {
    # The per-cmdlet and per-parameter tests are generated from the module itself, so the module is needed
    # while Pester discovers tests, before any BeforeAll runs.
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    $script:CommandCases = @(
        foreach ($command in Get-Command -Module LoopbackTools -CommandType Cmdlet | Sort-Object Name) {
            @{
                Name       = $command.Name
                Parameters = @(
                    foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object) {
                        @{ Name = $command.Name; Parameter = $name }
                    }
                )
            }
        }
    )
}

BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

    # Without a help file Get-Help falls back to a stub whose synopsis is the syntax line; Windows PowerShell
    # and older pwsh also print this sentence in it (pwsh 7.6 does not, so the synopsis check is the main one).
    $script:NoHelpText = 'cannot find the Help files'

    function script:Get-ParameterHelp {
        param([string] $Command, [string] $Parameter)
        @((Get-Help $Command -Full).parameters.parameter | Where-Object { $_.name -eq $Parameter })
    }

    # Whitespace-insensitive text, because Out-String wraps help at the console width.
    function script:ConvertTo-FlatText {
        param([string] $Text)
        ($Text -replace '\s+', ' ').Trim()
    }
}

Describe 'The module' {
    It 'exports at least one cmdlet to check' {
        # Without this, a module whose cmdlets failed to load would pass every other test by having none.
        @(Get-Command -Module LoopbackTools -CommandType Cmdlet).Count | Should -BeGreaterThan 0
    }
}

Describe 'Help for <Name>' -ForEach $CommandCases {
    BeforeAll {
        $command = Get-Command $Name -CommandType Cmdlet
        $help = Get-Help $Name -Full
        $codeNames = @($command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters })
    }

    It 'comes from a help file, not the syntax-only stub' {
        $help.Category | Should -Be 'Cmdlet'
        (Get-Help $Name | Out-String) | Should -Not -Match $NoHelpText
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # The stub's synopsis is the syntax line, which ends with the common parameters.
        $help.Synopsis.Contains('[<CommonParameters>]') | Should -BeFalse
    }

    It 'has a synopsis that is a sentence, not the command name' {
        $synopsis = $help.Synopsis.Trim()
        $synopsis | Should -Not -Be $Name
        ($synopsis -split '\s+').Count | Should -BeGreaterThan 3 -Because "'$synopsis' should say what $Name does"
    }

    It 'has a description that is real text' {
        $description = (@($help.description | ForEach-Object { $_.Text }) -join "`n").Trim()
        $description | Should -Not -BeNullOrEmpty
        $description | Should -Not -Be $Name
        $description.Contains('[<CommonParameters>]') | Should -BeFalse
        $description | Should -Not -Be $help.Synopsis.Trim() -Because 'the description should say more than the synopsis'
    }

    It 'has at least one example, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs code"
            $example.code | Should -Match ([regex]::Escape($Name)) -Because "example '$($example.title)' should run $Name"
            $remarks = (@($example.remarks | ForEach-Object { $_.Text }) -join '').Trim()
            $remarks | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs remarks that explain it"
        }
    }

    It 'documents -<Parameter> with a description' -ForEach $Parameters {
        $parameterHelp = Get-ParameterHelp $Name $Parameter
        $parameterHelp.Count | Should -Be 1 -Because "-$Parameter should have exactly one entry in the help"
        $text = (@($parameterHelp[0].description | ForEach-Object { $_.Text }) -join '').Trim()
        $text | Should -Not -BeNullOrEmpty
    }

    It 'documents the type of -<Parameter> as the cmdlet declares it' -ForEach $Parameters {
        $type = (Get-Command $Name -CommandType Cmdlet).Parameters[$Parameter].ParameterType
        $parameterHelp = @(Get-ParameterHelp $Name $Parameter)[0]

        # Full name or short name (System.Int32[] or Int32[]; SwitchParameter for switches). Some MAML
        # writers drop the [] from dev:type and keep it in parameterValue, so either may carry the match.
        $accepted = @($type.FullName, $type.Name)
        $documented = @($parameterHelp.type.name, $parameterHelp.parameterValue) |
            Where-Object { $_ } | ForEach-Object { "$_".Trim() }

        $documented | Should -Not -BeNullOrEmpty -Because "-$Parameter needs a type in the help"
        @($documented | Where-Object { $_ -in $accepted }).Count |
            Should -BeGreaterThan 0 -Because "-$Parameter is [$($type.FullName)] but the help says '$($documented -join "' / '")'"
    }

    It 'documents whether -<Parameter> is required' -ForEach $Parameters {
        $metadata = (Get-Command $Name -CommandType Cmdlet).Parameters[$Parameter]
        $mandatory = @($metadata.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0
        $parameterHelp = @(Get-ParameterHelp $Name $Parameter)[0]

        $parameterHelp | Should -Not -BeNullOrEmpty -Because "-$Parameter is not documented"
        [bool]::Parse($parameterHelp.required) | Should -Be $mandatory
    }

    It 'documents no parameter that the cmdlet lacks' {
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name })
        $documented | Where-Object { $_ -notin $codeNames } | Should -BeNullOrEmpty
    }

    It 'shows the examples with Get-Help -Examples' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $text = Get-Help $Name -Examples | Out-String
        $text | Should -Not -Match $NoHelpText
        $flat = ConvertTo-FlatText $text
        foreach ($example in $examples) {
            $firstLine = @($example.code -split "`n")[0]
            $flat | Should -BeLike "*$([WildcardPattern]::Escape((ConvertTo-FlatText $example.title)))*"
            $flat | Should -BeLike "*$([WildcardPattern]::Escape((ConvertTo-FlatText $firstLine)))*"
        }
    }

    It 'shows description, every parameter and the output types with Get-Help -Full' {
        $flat = ConvertTo-FlatText (Get-Help $Name -Full | Out-String)
        $flat | Should -BeLike "*$([WildcardPattern]::Escape((ConvertTo-FlatText $help.Synopsis)))*"
        $flat | Should -BeLike "*$([WildcardPattern]::Escape((ConvertTo-FlatText @($help.description)[0].Text)))*"
        foreach ($parameter in $codeNames) {
            $flat | Should -BeLike "*-$parameter*"
        }

        foreach ($outputType in $command.OutputType) {
            $flat | Should -BeLike "*$($outputType.Name)*" -Because 'the OUTPUTS section should name what the cmdlet declares it returns'
        }
    }
}

Describe 'about_LoopbackTools' {
    BeforeAll {
        $about = Get-Help about_LoopbackTools
        $text = $about | Out-String
    }

    It 'is found by Get-Help as a help file' {
        $about | Should -Not -BeNullOrEmpty
        $about.Category | Should -Be 'HelpFile'
    }

    It 'has the classic about-topic sections' {
        $text | Should -Match '(?m)^TOPIC\s+about_LoopbackTools'
        $text | Should -Match '(?m)^SHORT DESCRIPTION\r?\n\s+\S'
        $text | Should -Match '(?m)^LONG DESCRIPTION\r?\n\s+\S'
    }

    It 'introduces every cmdlet the module exports' {
        foreach ($command in Get-Command -Module LoopbackTools -CommandType Cmdlet) {
            $text | Should -Match ([regex]::Escape($command.Name))
        }
    }
}
